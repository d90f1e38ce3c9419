"""The accounts and audit file: SQLite beside the DuckDB database (MINYI_DB's folder).

DuckDB lets one process write a file at a time, and the dashboard must write here (sign-ins,
downloads) while `python -m minyi users` adds accounts and the importer publishes snapshots.
SQLite takes writers from several processes in turn (a busy writer waits, it does not fail).
The statements live in queries/security/, one per file, with :name parameters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from minyi import config

QUERIES = Path(__file__).resolve().parent.parent.parent / "queries" / "security"
FILE_NAME = "minyi-accounts.sqlite3"


def path(db_path: Path | None = None) -> Path:
    """The file, next to the database (`db_path`, by default the one the dashboard reads)."""
    return Path(db_path or config.db_path()).absolute().parent / FILE_NAME


@functools.cache
def statement(name: str) -> str:
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


@contextlib.contextmanager
def connection(db_path: Path | None = None, write: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection in one transaction (committed on leaving, rolled back on an error), on the
    file beside `db_path` (default: MINYI_DB), created owner-only with its tables. `write=False`
    for a look-up: it takes no write lock, so page runs never queue behind a sign-in."""
    file = path(db_path)
    _prepared(file)
    con = sqlite3.connect(file, timeout=30, isolation_level=None)
    try:
        con.row_factory = sqlite3.Row
        con.execute("begin immediate" if write else "begin")
        try:
            yield con
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")
    finally:
        con.close()


@functools.cache
def _prepared(file: Path) -> None:
    """The file and its tables, once per process."""
    file.parent.mkdir(parents=True, exist_ok=True)
    if not file.exists():
        os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))
    con = sqlite3.connect(file, timeout=30, isolation_level=None)
    try:
        con.execute("pragma journal_mode = wal")
        con.executescript(statement("create_schema"))
    finally:
        con.close()


def run(con: sqlite3.Connection, name: str, /, **params: Any) -> list[sqlite3.Row]:
    """Run one statement file with bound :name parameters; its rows (none for a change)."""
    return con.execute(statement(name), params).fetchall()


def now() -> str:
    """The time rows record: the county's clock (MINYI_TIMEZONE), to the second."""
    return config.local_now().replace(microsecond=0).isoformat(sep=" ")


def parse_time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None
