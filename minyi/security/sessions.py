"""Signed-in browsers: a random token in a cookie, its sha256 here, so a page reload or a second
tab stays signed in until MINYI_SESSION_HOURS have passed, sign-out, a new password or disabling.
The token itself is never stored, nor written to the audit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from minyi import config
from minyi.security import store

COOKIE = "minyi_session"


def length() -> dt.timedelta:
    return dt.timedelta(hours=config.SESSION_HOURS.number(minimum=0.1))


def start(name: str, db_path: Path | None = None) -> str:
    """A new session of account `name`; the token for the browser's cookie."""
    token = secrets.token_urlsafe(32)
    now = config.local_now().replace(microsecond=0)
    with store.connection(db_path) as con:
        store.run(con, "insert_session", token_hash=token_hash(token), name=name, created_at=now.isoformat(sep=" "),
                  expires_at=(now + length()).isoformat(sep=" "))
    return token


def end(token: str | None, db_path: Path | None = None) -> None:
    if isinstance(token, str) and token:
        with store.connection(db_path) as con:
            store.run(con, "delete_session", token_hash=token_hash(token))


def end_all(con, name: str) -> None:
    """Every session of `name` (and every expired one), in the caller's transaction."""
    store.run(con, "delete_sessions_of", name=name, now=store.now())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
