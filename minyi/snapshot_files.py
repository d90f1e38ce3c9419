"""Snapshot files: how a writer publishes a database while the dashboard reads it.

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

import contextlib
import fcntl
import os
import shutil
import time
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from minyi import db

SNAPSHOT_DIR_SUFFIX = ".snapshots"


def snapshot_dir(db_path: Path) -> Path:
    return db_path.parent / (db_path.name + SNAPSHOT_DIR_SUFFIX)


def current_snapshot(db_path: Path) -> Path | None:
    """The file readers should open now, or None when no database has been published."""
    if not db_path.exists():
        return None
    return db_path.resolve()


class MissingDatabase(FileNotFoundError):
    """No database published at the path yet (the command line says how to make one)."""


def required_snapshot(db_path: Path) -> Path:
    """current_snapshot, or MissingDatabase saying how to create one."""
    snapshot = current_snapshot(db_path)
    if snapshot is None:
        raise MissingDatabase(f"数据库不存在：{db_path}（先运行 python -m minyi demo 或 import）")
    return snapshot


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
        con = db.connect(work)
        try:
            yield con
            from minyi import parts

            compact = parts.settle(con)  # a current part grown large moves its settled months to a history part
            con.execute("checkpoint")
        except BaseException:
            con.close()
            _remove_database_file(work)
            raise
        con.close()
        if compact:
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
        con = duckdb.connect(str(fresh), config={"memory_limit": db.memory_limit} if db.memory_limit else {})
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
