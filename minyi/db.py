"""The module that runs queries on DuckDB: connect, load a query file, run it (memoised per
published snapshot). How snapshots are written and published is minyi.snapshot_files."""

from __future__ import annotations

import collections
import datetime as dt
import contextlib
import functools
import threading
import weakref
from pathlib import Path
from typing import Any, Callable, Iterator

import duckdb
import pandas as pd

from minyi.config import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"
DERIVED_TABLES = 11  # queries/derived_tables.sql


@functools.cache
def load_query(name: str) -> str:
    """Text of `queries/<name>.sql`; `name` may contain a sub-folder (`import/stage_cases`)."""
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


# DuckDB's own memory ceiling for this process (None: its default, 80% of the machine). The import
# child sets it under its address-space cap, so DuckDB spills to disk before the cap is reached.
memory_limit: str | None = None


def connect(path: str | Path = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a database; a writable one gets the schema created if missing."""
    con = duckdb.connect(str(path), read_only=read_only,
                         config={"memory_limit": memory_limit} if memory_limit else {})
    con.execute("set enable_progress_bar = false")  # keeps the nightly job's log clean
    if not read_only:
        con.execute(load_query("ddl/create_tables"))
    elif str(path) != ":memory:":
        from minyi import parts  # parts runs its queries through this module

        parts.open_for_reading(con)
    _create_analysis_macros(con)
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor for one thread, with the analysis macros and the views over history parts (temporary
    objects are per cursor). Only for a read connection that has them, i.e. on a snapshot with the
    derived tables."""
    from minyi import parts

    thread_cursor = con.cursor()
    thread_cursor.execute(load_query("ddl/analysis_macros"))
    history = parts.owned(thread_cursor)
    if history:
        parts.create_views(thread_cursor, history, reader=True)
    return thread_cursor


def _create_analysis_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The macros read the tables derived from cases; a snapshot from before those tables
    existed gets none until it is refreshed (minyi.ingest.publish.refresh_derived)."""
    if int(run(con, "derived_tables")["present"].iloc[0]) == DERIVED_TABLES:
        con.execute(load_query("ddl/analysis_macros"))


class SnapshotReader:
    """A read-only cursor on one published snapshot file. A snapshot never changes once
    published, so `run` memoises its query results: the pages of one view share a scan, and
    going back to a view costs nothing. Everything else is the cursor's own."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection | None, snapshot: str,
                 open_cursor: Callable[[], duckdb.DuckDBPyConnection] | None = None) -> None:
        self._cursor = cursor
        self._open_cursor = open_cursor
        self.snapshot = snapshot

    @classmethod
    def lazy(cls, open_cursor: Callable[[], duckdb.DuckDBPyConnection], snapshot: str) -> "SnapshotReader":
        """A reader that opens its cursor on its first query: a page whose views and queries are all
        memoised (minyi.view_cache) then costs no cursor (creating one runs the macro DDL)."""
        return cls(None, snapshot, open_cursor)

    def __getattr__(self, name: str) -> Any:
        if self._cursor is None:
            self._cursor = self._open_cursor()
        return getattr(self._cursor, name)


class CursorPool:
    """Analysis cursors on one snapshot's connection, handed from one script run to the next.
    Creating a cursor runs the macro DDL (about 5 ms), which every run of every page would pay
    again: a reader takes a free cursor on its first query and gives it back once nothing holds
    the reader (its run has ended), so two runs never share one. Hold the reader while reading a
    result: `run` does; a result fetched later from a dropped reader's cursor may be another's."""

    def __init__(self, base: duckdb.DuckDBPyConnection, snapshot: str) -> None:
        self._base = base
        self._snapshot = snapshot
        self._free: list[duckdb.DuckDBPyConnection] = []
        self._lock = threading.Lock()

    def reader(self) -> SnapshotReader:
        taken: list[duckdb.DuckDBPyConnection] = []

        def open_cursor() -> duckdb.DuckDBPyConnection:
            with self._lock:
                free = self._free.pop() if self._free else None
            taken.append(free or cursor(self._base))
            return taken[0]

        reader = SnapshotReader.lazy(open_cursor, self._snapshot)
        weakref.finalize(reader, self._give_back, taken)
        return reader

    def _give_back(self, taken: list[duckdb.DuckDBPyConnection]) -> None:
        with self._lock:
            self._free.extend(taken)


MEMO_ENTRIES = 512
_memo: collections.OrderedDict[tuple, pd.DataFrame] = collections.OrderedDict()
_memo_lock = threading.Lock()


class MissingTable(Exception):
    """A query read a table the database does not have (raised by the ClickHouse backend; DuckDB
    raises its CatalogException)."""


def run_if_present(con, name: str, /, **params: Any) -> pd.DataFrame | None:
    """`run`, or None on a database from before the tables the query reads (grid events, 办件)."""
    try:
        return run(con, name, **params)
    except (duckdb.CatalogException, MissingTable):
        return None


def stored_span(con, days_query: str) -> tuple[int, dt.date | None, dt.date | None]:
    """How many records a query of days (columns day, records) counts, and the first and last
    day with any: (0, None, None) when there are none, or the database predates their table."""
    days = run_if_present(con, days_query)
    if days is None or not days["records"].sum():
        return 0, None, None
    held = days.loc[days["records"] > 0, "day"]
    return int(days["records"].sum()), pd.Timestamp(held.min()).date(), pd.Timestamp(held.max()).date()


def run(con: duckdb.DuckDBPyConnection | SnapshotReader, name: str, /, **params: Any) -> pd.DataFrame:
    """Run one query file with bound `$name` parameters and return its rows (a copy of the
    memoised rows when `con` is a SnapshotReader).

    Runs on `con` itself, so it sees the caller's transaction and temporary tables. Threads
    sharing one connection (Streamlit sessions) pass their own `cursor(con)` instead.
    """
    snapshot = getattr(con, "snapshot", None)
    if snapshot is None:
        return _rows(con, name, params)
    key = _memo_key(snapshot, name, params)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key].copy()
    rows = _rows(con, name, params)
    _memoise(key, rows)
    return rows.copy()


def _rows(con, name: str, params: dict[str, Any]) -> pd.DataFrame:
    if hasattr(con, "rows_of"):  # the ClickHouse backend (minyi.clickhouse) writes the query its way
        return con.rows_of(name, params)
    return con.execute(load_query(name), params or None).df()


def memoised(con: duckdb.DuckDBPyConnection | SnapshotReader, name: str, /, **params: Any) -> bool:
    """Whether `run(con, name, **params)` would be answered from the memo."""
    snapshot = getattr(con, "snapshot", None)
    with _memo_lock:
        return snapshot is not None and _memo_key(snapshot, name, params) in _memo


def remember(con: duckdb.DuckDBPyConnection | SnapshotReader, name: str, rows: pd.DataFrame, /, **params: Any) -> None:
    """Memoise `rows` as what `run(con, name, **params)` returns, for rows a batched query already
    read (a view's periods counted at once); nothing without a snapshot to memoise for."""
    snapshot = getattr(con, "snapshot", None)
    if snapshot is not None:
        _memoise(_memo_key(snapshot, name, params), rows.copy())


def _memoise(key: tuple, rows: pd.DataFrame) -> None:
    with _memo_lock:
        _memo[key] = rows
        _memo.move_to_end(key)
        while len(_memo) > MEMO_ENTRIES:
            _memo.popitem(last=False)


def _memo_key(snapshot: str, name: str, params: dict) -> tuple:
    """A hashable key of a query run: lists (a batch's parts) and dicts become tuples."""
    def frozen(value):
        if isinstance(value, dict):
            return tuple(sorted((key, frozen(item)) for key, item in value.items()))
        return tuple(frozen(item) for item in value) if isinstance(value, list) else value

    return snapshot, name, frozen(params)


def execute(con: duckdb.DuckDBPyConnection, name: str, /, **params: Any) -> None:
    """Run one statement file for its effect, on the caller's connection (keeps its transaction)."""
    con.execute(load_query(name), params or None)


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


def open_reader(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only connection to the current snapshot (never blocks or is blocked by an import)."""
    from minyi import snapshot_files  # which publishes through this module

    return connect(snapshot_files.required_snapshot(db_path), read_only=True)


@contextlib.contextmanager
def register(con: duckdb.DuckDBPyConnection, name: str, data: Any) -> Iterator[None]:
    """Make a DataFrame or Arrow table readable as `name` by the queries run inside the block."""
    con.register(name, data)
    try:
        yield
    finally:
        con.unregister(name)


