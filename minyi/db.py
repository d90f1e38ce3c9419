"""The only module that talks to DuckDB: connect, load a query file, run it, publish a snapshot.

DuckDB lets one process write a database file, and the dashboard keeps read connections
open all day. So writers never touch the file readers use: an import copies the current
snapshot, works on the copy inside one transaction, checkpoints it, and then swings the
database path (a symbolic link) to the new file in one atomic rename. Readers keep their
old snapshot until they next check the link, and never see half an import; a failed or
interrupted import leaves only an unused file behind, which is removed. A large database keeps
its settled months of cases in history parts that no import rewrites (minyi.parts), so the copy
holds the recent months and the other tables only.
"""

from __future__ import annotations

import collections
import datetime as dt
import contextlib
import fcntl
import functools
import os
import shutil
import threading
import time
import weakref
from pathlib import Path
from typing import Any, Callable, Iterator

import duckdb
import pandas as pd

from minyi.config import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"
DERIVED_TABLES = 11  # queries/derived_tables.sql
SNAPSHOT_DIR_SUFFIX = ".snapshots"


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


def run_if_present(con, name: str, /, **params: Any) -> pd.DataFrame | None:
    """`run`, or None on a database from before the tables the query reads (grid events, 办件)."""
    try:
        return run(con, name, **params)
    except duckdb.CatalogException:
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
        return con.execute(load_query(name), params or None).df()
    key = _memo_key(snapshot, name, params)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key].copy()
    rows = con.execute(load_query(name), params or None).df()
    _memoise(key, rows)
    return rows.copy()


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


def snapshot_dir(db_path: Path) -> Path:
    return db_path.parent / (db_path.name + SNAPSHOT_DIR_SUFFIX)


def current_snapshot(db_path: Path) -> Path | None:
    """The file readers should open now, or None when no database has been published."""
    if not db_path.exists():
        return None
    return db_path.resolve()


def open_reader(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only connection to the current snapshot (never blocks or is blocked by an import)."""
    snapshot = current_snapshot(db_path)
    if snapshot is None:
        raise FileNotFoundError(f"数据库不存在：{db_path}")
    return connect(snapshot, read_only=True)


@contextlib.contextmanager
def register(con: duckdb.DuckDBPyConnection, name: str, data: Any) -> Iterator[None]:
    """Make a DataFrame or Arrow table readable as `name` by the queries run inside the block."""
    con.register(name, data)
    try:
        yield
    finally:
        con.unregister(name)


@contextlib.contextmanager
def publishing(
    db_path: Path, start_empty: bool | Callable[[Path | None], bool] = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a writable connection to a private copy; publish it atomically if the block succeeds.

    Writers queue on a lock file, so a nightly import and an upload never interleave.
    `start_empty` makes the copy start from an empty database; as a function it is asked,
    while the lock is held, with the currently published snapshot (None when there is none),
    so that deciding to replace the demo cannot race another writer. It may raise to refuse.
    """
    db_path = Path(db_path).absolute()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    snapshots = snapshot_dir(db_path)
    snapshots.mkdir(exist_ok=True)
    with _writer_lock(db_path):
        previous = current_snapshot(db_path)
        _remove_crashed_copies(snapshots, previous)
        empty = start_empty(previous) if callable(start_empty) else start_empty
        work = _new_snapshot(db_path)
        if previous is not None and not empty:
            shutil.copyfile(previous, work)
        con = connect(work)
        try:
            yield con
            from minyi import parts

            settled = parts.settle(con)  # a current part grown large moves its settled months to a history part
            con.execute("checkpoint")
        except BaseException:
            con.close()
            _remove_database_file(work)
            raise
        con.close()
        if settled:
            work = _compacted(work, _new_snapshot(db_path))
        _point_link(db_path, work)
        _prune_snapshots(snapshots, keep=(work, previous))


def _new_snapshot(db_path: Path) -> Path:
    """A snapshot file name no other writer uses (time, process, clock)."""
    return snapshot_dir(db_path) / f"{db_path.stem}-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}.duckdb"


def _compacted(work: Path, fresh: Path) -> Path:
    """`work` copied table by table into the new file `fresh`, which is returned (`work` removed):
    DuckDB reuses the space of deleted rows but never gives it back, and the next import copies the
    whole file. Killed midway, both are newer than the published snapshot: the next writer removes them."""
    try:
        con = duckdb.connect(str(fresh), config={"memory_limit": memory_limit} if memory_limit else {})
        try:
            con.execute("set enable_progress_bar = false")
            con.execute("attach '{}' as settled (read_only)".format(str(work).replace("'", "''")))
            name = con.execute("select current_database()").fetchone()[0]  # not the stem: a dot ends it
            con.execute('copy from database settled to "{}"'.format(name.replace('"', '""')))
            con.execute("checkpoint")
        finally:
            con.close()
    except BaseException:
        _remove_database_file(fresh)
        _remove_database_file(work)
        raise
    _remove_database_file(work)
    return fresh


@contextlib.contextmanager
def _writer_lock(db_path: Path) -> Iterator[None]:
    lock_path = db_path.parent / (db_path.name + ".lock")
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _point_link(db_path: Path, target: Path) -> None:
    """Atomically make `db_path` a link to `target` (a plain file at `db_path` is moved aside first)."""
    if db_path.exists() and not db_path.is_symlink():
        legacy = snapshot_dir(db_path) / f"{db_path.stem}-legacy-{time.monotonic_ns()}.duckdb"
        os.replace(db_path, legacy)
    staging_link = db_path.parent / f".{db_path.name}.{os.getpid()}.link"
    with contextlib.suppress(FileNotFoundError):
        staging_link.unlink()
    staging_link.symlink_to(os.path.relpath(target, db_path.parent))
    os.replace(staging_link, db_path)
    directory = os.open(db_path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def discard_unpublished(db_path: Path) -> None:
    """Remove the copies writers left when they died before publishing (killed, out of memory)."""
    db_path = Path(db_path).absolute()
    if snapshot_dir(db_path).is_dir():
        with _writer_lock(db_path):
            _remove_crashed_copies(snapshot_dir(db_path), current_snapshot(db_path))


def _remove_crashed_copies(snapshots: Path, current: Path | None) -> None:
    """Under the writer lock no writer is running, so a snapshot newer than the published one is
    what a crashed writer left. Older ones may still be open in a reader and wait for the next
    publish's prune."""
    from minyi import parts

    published = current.stat().st_mtime if current is not None and current.exists() else float("-inf")
    named = parts.files(current) if current is not None and current.exists() else set()
    for copy in snapshots.glob("*.duckdb"):
        if copy.name.endswith(".part.duckdb") and (named is None or copy.name in named):
            continue  # a part the published snapshot reads, whatever its clock says
        if (current is None or copy.resolve() != current.resolve()) and copy.stat().st_mtime > published:
            _remove_database_file(copy)


def _prune_snapshots(snapshots: Path, keep: tuple[Path | None, ...]) -> None:
    """Delete every snapshot but the new and the previous one, and what crashed writers left.

    Runs under the writer lock, so no other file there is in use by a writer; open readers
    keep reading an unlinked file safely.
    """
    from minyi import parts

    kept = {path.resolve() for path in keep if path is not None}
    read = [parts.files(path) for path in kept]
    kept |= {(snapshots / file).resolve() for files in read for file in files or ()}
    for old in snapshots.glob("*.duckdb"):
        unsure = old.name.endswith(".part.duckdb") and None in read  # a snapshot that could not say
        if old.resolve() not in kept and not unsure:
            _remove_database_file(old)
    for wal in snapshots.glob("*.duckdb.wal"):
        if wal.with_suffix("").resolve() not in kept:
            wal.unlink(missing_ok=True)


def _remove_database_file(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
