"""The audit trail: sign-ins and failed ones, imports, every download (which view, how many rows)
and account changes, one row each, never changed or deleted (triggers in create_schema.sql).
管理员 read it on the 数据 page and download it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from minyi.security import store

ACTIONS = {
    "sign_in": "登录", "sign_in_failed": "登录失败", "sign_out": "退出登录", "import": "导入",
    "download": "下载", "account_added": "新建账号", "password_reset": "重置密码",
    "account_disabled": "停用账号", "account_enabled": "启用账号",
}


def append(con: sqlite3.Connection, actor: str, action: str, detail: str, rows: int | None = None) -> None:
    """One row, in the caller's transaction."""
    store.run(con, "append_audit", at=store.now(), actor=actor, action=action, detail=detail, rows=rows)


def record(actor: str, action: str, detail: str, rows: int | None = None, db_path: Path | None = None) -> None:
    """One row, in a transaction of its own."""
    with store.connection(db_path) as con:
        append(con, actor, action, detail, rows)


def recorded_download(actor: str, what: str, make: Callable[[], tuple[bytes, int | None]]) -> Callable[[], bytes]:
    """`make` (a download button's lazily built file, returning its bytes and its rows) as the
    button's data: each build leaves an audit row (who, which file, how many rows)."""

    def built() -> bytes:
        data, rows = make()
        record(actor, "download", what, rows)
        return data

    return built


def recent(limit: int | None = 200, db_path: Path | None = None):
    """The latest `limit` rows (all of them for None), newest first, actions in Chinese, as a
    DataFrame (pandas imported here: dashboard.py loads this module before its first paint)."""
    import pandas as pd

    with store.connection(db_path) as con:
        rows = [dict(row) for row in store.run(con, "recent_audit", limit=-1 if limit is None else limit)]
    table = pd.DataFrame(rows, columns=["id", "at", "actor", "action", "detail", "rows"])
    table["action"] = table["action"].map(ACTIONS).fillna(table["action"])
    return table
