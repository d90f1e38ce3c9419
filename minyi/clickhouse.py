"""The ClickHouse backend's connection (issue 15, Tier 2): chdb, the ClickHouse engine in-process
(`chdb://DIR`, data kept in DIR; what the tests use), running the analysis queries that
minyi.dialects writes from `queries/*.sql`, with parameters bound by the server. A server or cluster
through clickhouse-connect (`clickhouse://host:port/db`) is the next step; so are imports, which
copy tables from a DuckDB snapshot for now (`load_snapshot`).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from minyi import db, dialects

# DuckDB column types and the ClickHouse types that keep their values (every column nullable, as in
# DuckDB). Times are wall-clock times without a zone in DuckDB: in ClickHouse they are kept in UTC,
# named, so that comparing one with a day means that day's midnight whatever the server's zone.
TYPES = {"VARCHAR": "String", "DATE": "Date32", "TIMESTAMP": "DateTime64(6, 'UTC')", "BOOLEAN": "Bool",
         "BIGINT": "Int64", "INTEGER": "Int32", "HUGEINT": "Int128", "DOUBLE": "Float64", "SMALLINT": "Int16",
         "TINYINT": "Int8", "UBIGINT": "UInt64", "FLOAT": "Float32"}


class ChdbStore:
    """A chdb session on a folder, reading one database of it (`minyi` unless told). chdb runs one
    ClickHouse engine per process, on the first folder opened: every store of a process shares it."""

    def __init__(self, folder: Path, database: str = "minyi") -> None:
        from chdb import session

        if not database.isidentifier():
            raise ValueError(f"数据库名称无效：{database}")
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.database = database
        self.session = session.Session(str(folder))
        self.session.query(f"create database if not exists {database}")
        self.session.query(f"use {database}")

    def rows_of(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        """The rows of `queries/<name>.sql`, as db.run gives them on DuckDB (db.run calls this)."""
        text = dialects.clickhouse_query(name, params) + _settings()
        rows = self.session.query(text, "ArrowTable", params=wire_parameters(params))
        return duckdb.from_arrow(_naive_times(rows)).df()  # converted to pandas as DuckDB's own rows are

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
