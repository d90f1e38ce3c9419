"""The ClickHouse backend's connection (issue 15, Tier 2): chdb, the ClickHouse engine in-process
(`chdb://DIR`, data kept in DIR; what the tests use), running the analysis queries that
minyi.dialects writes from `queries/*.sql`, with parameters bound by the server. A server or cluster
through clickhouse-connect (`clickhouse://host:port/db`) is the next step; so are imports.

For now imports go into the DuckDB database as always, and each published DuckDB snapshot is
copied whole into a ClickHouse database of its own (`published`), which readers open only once the
copy is recorded as finished: like a DuckDB snapshot, a reader never sees half a load, and a crash
mid-copy leaves a database nobody reads (dropped by the next load). chdb runs one engine per
process and locks its folder: the process that serves the dashboard is the one that loads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import threading
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from minyi import db, dialects
from minyi.backends import FolderInUse
from minyi.config import SettingError

# DuckDB column types and the ClickHouse types that keep their values (every column nullable, as in
# DuckDB). Times are wall-clock times without a zone in DuckDB: in ClickHouse they are kept in UTC,
# named, so that comparing one with a day means that day's midnight whatever the server's zone.
TYPES = {"VARCHAR": "String", "DATE": "Date32", "TIMESTAMP": "DateTime64(6, 'UTC')", "BOOLEAN": "Bool",
         "BIGINT": "Int64", "INTEGER": "Int32", "HUGEINT": "Int128", "DOUBLE": "Float64", "SMALLINT": "Int16",
         "TINYINT": "Int8", "UBIGINT": "UInt64", "FLOAT": "Float32"}


class ChdbStore:
    """A chdb session on a folder, reading one database of it (`minyi` unless told). chdb runs one
    ClickHouse engine per process, on the first folder opened: every store of a process shares it.
    A session is safe to share between threads (chdb serialises its queries).

    `snapshot` names what the database holds when it never changes (a published load): db.run and
    minyi.view_cache then memoise by it, as on a DuckDB snapshot."""

    def __init__(self, folder: Path, database: str = "minyi", snapshot: str | None = None) -> None:
        try:
            from chdb import session
        except ModuleNotFoundError as error:  # a test and bench dependency (requirements-dev.txt)
            raise SettingError("ClickHouse 进程内引擎 chdb 未安装：先运行 .venv/bin/pip install -r "
                               "requirements-dev.txt") from error

        if not database.isidentifier():
            raise ValueError(f"数据库名称无效：{database}")
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.database = database
        self.snapshot = snapshot
        try:
            self.session = session.Session(str(folder))
        except RuntimeError as error:  # another process holds the folder (its lock file)
            raise FolderInUse(f"ClickHouse 数据目录 {folder} 正被另一个进程使用（chdb 一个目录只能由一个进程打开，"
                              "例如正在运行的看板）：请在那个进程里操作，或先停止它") from error
        self.session.query(f"create database if not exists {database}")
        self.session.query(f"use {database}")

    def rows_of(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        """The rows of `queries/<name>.sql`, as db.run gives them on DuckDB (db.run calls this)."""
        text = dialects.clickhouse_query(name, params) + _settings()
        try:
            rows = self.session.query(text, "ArrowTable", params=wire_parameters(params))
        except Exception as error:
            if "(UNKNOWN_TABLE)" in str(error):  # a database from before that table (db.run_if_present)
                raise db.MissingTable(str(error)) from error
            raise
        return duckdb.from_arrow(_naive_times(rows)).df()  # converted to pandas as DuckDB's own rows are

    def native(self, name: str, **params: Any) -> pd.DataFrame:
        """The rows of a ClickHouse-only query file (`queries/clickhouse/`), run as written."""
        rows = self.session.query(db.load_query(name), "ArrowTable", params=wire_parameters(params))
        return rows.to_pandas()

    def holds(self, table: str) -> bool:
        """Whether the store's database has the table."""
        return bool(self.session.query(f"exists table `{table}`", "CSV").bytes().strip() == b"1")

    def execute(self, text: str) -> None:
        self.session.query(text)

    def close(self) -> None:
        self.session.close()


def _naive_times(rows: pa.Table) -> pa.Table:
    """ClickHouse times carry the session's time zone (UTC, CLICKHOUSE_SETTINGS); DuckDB's TIMESTAMP
    has none: the same wall-clock times, without the zone."""
    for index, field in enumerate(rows.schema):
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            rows = rows.set_column(index, field.name, rows.column(index).cast(pa.timestamp(field.type.unit)))
    return rows


def _settings() -> str:
    return " SETTINGS " + ", ".join(f"{name} = {value}" for name, value in dialects.CLICKHOUSE_SETTINGS.items())


def wire_parameters(params: dict[str, Any]) -> dict[str, str]:
    """The parameters as ClickHouse receives them: a list of records as one array per field
    (<name>_<field>, as minyi.dialects binds it)."""
    wired = {}
    for name, value in params.items():
        if isinstance(value, (list, tuple)) and value and all(isinstance(item, dict) for item in value):
            for field in value[0]:
                wired[f"{name}_{field}"] = wire_value([item[field] for item in value])
        else:
            wired[name] = wire_value(value)
    return wired


def wire_value(value: Any) -> str:
    """A parameter value in the text form ClickHouse parses for its type (dialects.clickhouse_type)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, int, float, str)):
        return str(value.isoformat() if isinstance(value, dt.date) else value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join("NULL" if item is None else _quoted(wire_value(item)) if isinstance(item, (str, dt.date))
                              else wire_value(item) for item in value) + "]"
    raise TypeError(f"参数类型无法传给 ClickHouse：{type(value).__name__}")


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def column_type(duckdb_type: str) -> str:
    """The ClickHouse column type for a DuckDB one (nullable like every DuckDB column; a list's
    items nullable instead, ClickHouse arrays being never null)."""
    if duckdb_type.endswith("[]"):
        return f"Array({column_type(duckdb_type[:-2])})"
    if duckdb_type.startswith("DECIMAL"):
        return f"Nullable(Decimal{duckdb_type[len('DECIMAL'):]})"
    return f"Nullable({TYPES[duckdb_type]})"


# The column a table is stored sorted by in ClickHouse, so that a period's filter reads its own
# parts only (the first of these a table has; the others unsorted).
SORT_COLUMNS = ("received_date", "month", "event_at", "received_at", "day", "survey_date")


def load_snapshot(store: ChdbStore, snapshot: Path, tables: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Copy `tables` (default: every table) of a published DuckDB snapshot, history parts included,
    into the store, replacing them; the tables copied."""
    con = db.connect(snapshot, read_only=True)  # the case tables read through the parts' views
    try:
        columns: dict[str, list[tuple[str, str]]] = {}
        for table, name, kind in db.run(con, "clickhouse/snapshot_columns").itertuples(index=False):
            columns.setdefault(table, []).append((name, kind))
        for table in tables or tuple(columns):
            schema = ", ".join(f"`{name}` {column_type(kind)}" for name, kind in columns[table])
            names = [name for name, _ in columns[table]]
            order = next((name for name in SORT_COLUMNS if name in names), "tuple()")
            store.execute(f"drop table if exists `{table}`")
            store.execute(f"create table `{table}` ({schema}) engine = MergeTree order by {order} "
                          "settings allow_nullable_key = 1")
            with tempfile.TemporaryDirectory() as folder:  # Parquet keeps every type as DuckDB has it
                file = Path(folder) / "rows.parquet"
                con.execute(f"copy (select * from \"{table}\") to '{file}' (format parquet)")  # catalog names
                store.execute(f"insert into `{table}` select * from file('{file}', Parquet)")
        return tables or tuple(columns)
    finally:
        con.close()


CATALOG = "minyi_catalog"  # the loads record (queries/clickhouse/create_loads.sql)
KEEP_LOADS = 2  # finished loads kept: the current one and the one runs started before it may still read
_loading = threading.Lock()  # one load at a time in this process (and chdb lets no other process in)


def _catalog(folder: Path) -> ChdbStore:
    catalog = ChdbStore(folder, CATALOG)
    catalog.native("clickhouse/create_loads")
    return catalog


def snapshot_key(snapshot: Path) -> str:
    """What identifies a published snapshot's content: its path, size and modification time (a
    published file never changes; a path reused by a new database has another size or time)."""
    status = snapshot.stat()
    return f"{snapshot.resolve()}|{status.st_size}|{status.st_mtime_ns}"


def _reader(folder: Path, database: str) -> ChdbStore:
    return ChdbStore(folder, database, snapshot=f"chdb:{Path(folder).resolve()}:{database}")


def published(folder: Path, snapshot: Path) -> ChdbStore:
    """A reader on the ClickHouse copy of a published DuckDB snapshot, copying it first when no
    finished load holds it; then the databases no reader needs are dropped."""
    key = snapshot_key(snapshot)
    with _loading:
        catalog = _catalog(folder)
        try:
            loaded = catalog.native("clickhouse/load_of", snapshot=key)
            if len(loaded):
                return _reader(folder, str(loaded.iloc[0, 0]))
            database = "snapshot_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
            catalog.native("clickhouse/drop_database", database=database)  # a crashed load's leftovers
            store = ChdbStore(folder, database)
            try:
                load_snapshot(store, snapshot)
                cases = int(db.run(store, "clickhouse/case_count").iloc[0, 0])
            finally:
                store.close()
            catalog.native("clickhouse/record_load", database=database, snapshot=key, cases=cases)
            _prune(catalog)
            return _reader(folder, database)
        finally:
            catalog.close()


def latest(folder: Path) -> ChdbStore | None:
    """A reader on the newest finished load, or None before any."""
    catalog = _catalog(folder)
    try:
        loads = catalog.native("clickhouse/latest_load")
    finally:
        catalog.close()
    return _reader(folder, str(loads.iloc[0, 0])) if len(loads) else None


def _prune(catalog: ChdbStore) -> None:
    """Drop every load's database but the newest KEEP_LOADS finished ones (and any half load)."""
    keep = set(catalog.native("clickhouse/latest_load")["database"].head(KEEP_LOADS))
    for database in catalog.native("clickhouse/snapshot_databases")["name"]:
        if database not in keep:
            catalog.native("clickhouse/drop_database", database=database)
