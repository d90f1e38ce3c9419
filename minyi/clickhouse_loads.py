"""Loading published DuckDB snapshots into ClickHouse (issue 15, Tier 2): each snapshot into a
database of its own (`published`), the months an import changed sent, the others attached from the
load before. Readers open a load only once it is recorded as finished: like a DuckDB snapshot, a
reader never sees half a load, and a crash mid-load leaves a database nobody reads (dropped by the
next load). One load runs at a time (a lock file beside the snapshots); chdb runs one engine per
process and locks its folder, so with chdb the dashboard's process is the one that loads.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import threading
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from minyi import db, parts
from minyi.clickhouse import Store, Target


# DuckDB column types and the ClickHouse types that keep their values (every column nullable, as in
# DuckDB). Times are wall-clock times without a zone in DuckDB: in ClickHouse they are kept in UTC,
# named, so that comparing one with a day means that day's midnight whatever the server's zone.
TYPES = {"VARCHAR": "String", "DATE": "Date32", "TIMESTAMP": "DateTime64(6, 'UTC')", "BOOLEAN": "Bool",
         "BIGINT": "Int64", "INTEGER": "Int32", "HUGEINT": "Int128", "DOUBLE": "Float64", "SMALLINT": "Int16",
         "TINYINT": "Int8", "UBIGINT": "UInt64", "FLOAT": "Float32"}


def column_type(duckdb_type: str) -> str:
    """The ClickHouse column type for a DuckDB one (nullable like every DuckDB column; a list's
    items nullable instead, ClickHouse arrays being never null)."""
    if duckdb_type.endswith("[]"):
        return f"Array({column_type(duckdb_type[:-2])})"
    if duckdb_type.startswith("DECIMAL"):
        return f"Nullable(Decimal{duckdb_type[len('DECIMAL'):]})"
    return f"Nullable({TYPES[duckdb_type]})"


# The column a table is stored sorted by in ClickHouse, so that a period's filter reads its own
# parts only (the first of these a table has; the others unsorted), and partitioned by its month.
SORT_COLUMNS = ("received_date", "month", "event_at", "received_at", "day", "survey_date")
DATED = ("DATE", "TIMESTAMP")
UNPARTITIONED = 0  # the partition value of a table without a dated sort column (ClickHouse's ID "all")
BATCH_ROWS = 1_000_000  # rows sent per insert


@dataclasses.dataclass(frozen=True)
class Table:
    """A snapshot table as ClickHouse stores it: its columns' definitions, and the column it is sorted
    and partitioned (by month) by, if it has a dated one."""

    name: str
    schema: str
    month_column: str | None

    def create(self) -> str:
        order = f"`{self.month_column}`" if self.month_column else "tuple()"
        partition = f" partition by ifNull(toYYYYMM(`{self.month_column}`), 0)" if self.month_column else ""
        return (f"create table `{self.name}` ({self.schema}) engine = MergeTree{partition} order by {order} "
                "settings allow_nullable_key = 1")

    def partition_of(self) -> str:
        """The DuckDB expression of a row's partition value (yyyymm, as ClickHouse's toYYYYMM)."""
        if self.month_column is None:
            return str(UNPARTITIONED)
        return f'coalesce(year("{self.month_column}") * 100 + month("{self.month_column}"), 0)'

    def quoted(self, catalog: str | None = None) -> str:
        """The DuckDB name of the table (in `catalog`, a database attached under that name)."""
        name = '"{}"'.format(self.name.replace('"', '""'))
        return name if catalog is None else '"{}".main.{}'.format(catalog.replace('"', '""'), name)

    def partition_id(self, partition: int) -> str:
        return "all" if self.month_column is None else str(partition)


def snapshot_tables(con: duckdb.DuckDBPyConnection) -> list[Table]:
    """The tables of a published snapshot (the case tables through the history parts' views)."""
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, name, kind in db.run(con, "clickhouse/snapshot_columns").itertuples(index=False):
        columns.setdefault(table, []).append((name, kind))
    tables = []
    for table, described in columns.items():
        kinds = dict(described)
        month = next((name for name in SORT_COLUMNS if kinds.get(name) in DATED), None)
        tables.append(Table(table, ", ".join(f"`{name}` {column_type(kind)}" for name, kind in described), month))
    return tables


def fingerprints(con: duckdb.DuckDBPyConnection, table: Table, known: pd.DataFrame, source: str | None = None
                 ) -> pd.DataFrame:
    """Each partition of a snapshot table with its row count and a sum of its rows' hashes (equal
    fingerprints, equal rows). The partitions in `known` (a history part's, as an earlier load
    fingerprinted them: a part file never changes) are taken from there, not read again; `source`,
    the table's rows outside them (the current part's table, when `known` holds every month of the
    parts), else the table itself. Catalog names only, never user input, in the text."""
    rows = con.sql(f'select {table.partition_of()} as partition, count(*) as rows, '
                   f'sum(hash(each_row))::varchar as fingerprint from {source or table.quoted()} as each_row '
                   f'where not list_contains($known, {table.partition_of()}) group by all',
                   params={"known": [int(value) for value in known["partition"]]}).df()
    rows = rows.astype({"partition": "int64", "rows": "int64"})
    return pd.concat([rows, known[["partition", "rows", "fingerprint"]]], ignore_index=True)


def part_months(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """The months (yyyymm) history parts hold of the case tables, and the part file of each."""
    return {month.year * 100 + month.month: file for file, months in parts.owned(con).values() for month in months}


def _known_partitions(table: Table, held: dict[int, str], previous: "EarlierLoad | None") -> pd.DataFrame:
    """The partitions of `table` an earlier load fingerprinted in the same history part file."""
    columns = ["partition", "rows", "fingerprint", "part"]
    if previous is None or not held:
        return pd.DataFrame({name: pd.Series(dtype="int64" if name in ("partition", "rows") else object)
                             for name in columns})
    earlier = previous.partitions[(previous.partitions["table"] == table.name)
                                  & (previous.partitions["schema"] == table.schema)]
    return earlier[[held.get(int(partition)) == part and part != ""
                    for partition, part in zip(earlier["partition"], earlier["part"])]][columns]


@dataclasses.dataclass(frozen=True)
class EarlierLoad:
    """A finished load's database and its partitions (as load_snapshot returned them)."""

    database: str
    partitions: pd.DataFrame


def load_snapshot(store: Store, snapshot: Path, previous: EarlierLoad | None = None) -> pd.DataFrame:
    """Copy every table of a published DuckDB snapshot, history parts included, into the store,
    replacing them; the partitions copied or attached (table, schema, partition, rows, fingerprint,
    copied). A partition whose rows an earlier load in `previous` (its database, and the partitions
    this function returned for it) holds unchanged is attached from there (ClickHouse hard-links
    its files) instead of sent again, so a load after an import costs what the import changed.
    The rows travel as Arrow batches: a server elsewhere is loaded the same way as chdb."""
    con = db.connect(snapshot, read_only=True)
    loaded = []
    try:
        in_parts = part_months(con)
        current = db.run(con, "parts/current_file")["name"].iloc[0]
        for table in snapshot_tables(con):
            store.execute("drop table if exists {table:Identifier}", table=table.name)
            store.execute(table.create())
            # the partitions of a case table cut by the column parts are cut by are each in one file
            held = in_parts if table.month_column == parts.CASE_TABLES.get(table.name) else {}
            known = _known_partitions(table, held, previous)
            alone = bool(held) and set(held) <= set(known["partition"])  # the parts' months known: read the rest
            partitions = fingerprints(con, table, known, table.quoted(current) if alone else None)
            partitions = partitions.assign(table=table.name, schema=table.schema,
                                           part=[held.get(int(value), "") for value in partitions["partition"]])
            partitions["copied"] = True
            if previous is not None:
                same = partitions.merge(previous.partitions, how="left", indicator=True,
                                        on=["table", "schema", "partition", "rows", "fingerprint"])
                partitions["copied"] = (same["_merge"] != "both").to_numpy()
                attached = [f"attach partition id '{table.partition_id(partition)}' from "
                            f"`{previous.database}`.`{table.name}`"
                            for partition in partitions.loc[~partitions["copied"], "partition"]]
                if attached:  # one statement for all of them: each is a round trip
                    store.execute(f"alter table `{table.name}` " + ", ".join(attached))
            copied = [int(value) for value in partitions.loc[partitions["copied"], "partition"]]
            if copied:
                rows = con.sql(f'select * from {table.quoted()} where list_contains($copied, {table.partition_of()})',
                               params={"copied": copied})
                for batch in rows.to_arrow_reader(BATCH_ROWS):
                    store.insert(table.name, pa.Table.from_batches([batch]))
            loaded.append(partitions)
        return pd.concat(loaded, ignore_index=True)[["table", "schema", "partition", "rows", "fingerprint", "part",
                                                     "copied"]]
    finally:
        con.close()


KEEP_LOADS = 2  # finished loads kept: the current one and the one runs started before it may still read
_loading = threading.Lock()  # one load at a time in this process (and chdb lets no other process in)


def snapshot_key(snapshot: Path) -> str:
    """What identifies a published snapshot's content: its path, size and modification time (a
    published file never changes; a path reused by a new database has another size or time)."""
    status = snapshot.stat()
    return f"{snapshot.resolve()}|{status.st_size}|{status.st_mtime_ns}"


@contextlib.contextmanager
def _loader_lock(snapshot: Path) -> Iterator[None]:
    """One loader at a time across processes too (the dashboard and `clickhouse-load` on a server): a
    lock file beside the snapshots; the second loader waits, then finds the copy made."""
    with open(snapshot.parent / ".clickhouse-load.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _catalog(target: Target) -> Store:
    catalog = Store(target, target.database)
    catalog.statement("clickhouse/create_loads")
    catalog.statement("clickhouse/create_load_partitions")
    return catalog


def _reader(target: Target, database: str) -> Store:
    return Store(target, database, snapshot=f"clickhouse:{target.label()}:{database}")


def published(target: Target, snapshot: Path) -> Store:
    """A reader on the ClickHouse copy of a published DuckDB snapshot, copying it first when no
    finished load holds it; then the databases no reader needs are dropped."""
    key = snapshot_key(snapshot)
    with _loading, _loader_lock(snapshot):
        catalog = _catalog(target)
        try:
            loaded = catalog.native("clickhouse/load_of", snapshot=key)
            if len(loaded):
                return _reader(target, str(loaded.iloc[0, 0]))
            database = f"{target.database}_snapshot_{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"
            _forget(catalog, database)  # a crashed load's leftovers
            earlier = catalog.native("clickhouse/latest_load")
            previous = None if earlier.empty else EarlierLoad(
                str(earlier.iloc[0, 0]), catalog.native("clickhouse/load_partitions_of", database=earlier.iloc[0, 0]))
            store = Store(target, database)
            try:
                partitions = load_snapshot(store, snapshot, previous)
                cases = int(db.run(store, "clickhouse/case_count").iloc[0, 0])
            finally:
                store.close()
            catalog.insert("load_partitions", pa.Table.from_pandas(partitions.assign(database=database),
                                                                   preserve_index=False))
            catalog.statement("clickhouse/record_load", database=database, snapshot=key, cases=cases)
            _prune(catalog)
            return _reader(target, database)
        finally:
            catalog.close()


def latest(target: Target) -> Store | None:
    """A reader on the newest finished load, or None before any."""
    catalog = _catalog(target)
    try:
        loads = catalog.native("clickhouse/latest_load")
    finally:
        catalog.close()
    return _reader(target, str(loads.iloc[0, 0])) if len(loads) else None


def _prune(catalog: Store) -> None:
    """Drop every load's database but the newest KEEP_LOADS finished ones (and any half load)."""
    keep = set(catalog.native("clickhouse/latest_load")["database"].head(KEEP_LOADS))
    for database in catalog.native("clickhouse/snapshot_databases", prefix=f"{catalog.database}_snapshot_")["name"]:
        if database not in keep:
            _forget(catalog, database)


def _forget(catalog: Store, database: str) -> None:
    catalog.statement("clickhouse/drop_database", database=database)
    catalog.statement("clickhouse/forget_load_partitions", database=database)
