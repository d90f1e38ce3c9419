"""Accounts: who a person is, what part of the county they see, and whether they may import or
manage accounts. Passwords are kept only as argon2id hashes; there is no default password.

Roles, as the county names them: 县级 sees everything; 乡镇 its township (and the villages and
grids under it); 部门 the cases its department handles; 分析员 imports and reads the 数据 page;
管理员 manages accounts and reads the audit. 分析员 and 管理员 go with any scope or none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from minyi import config
from minyi.security import audit, sessions, store

SCOPE_NAMES = {"county": "县级", "township": "乡镇", "department": "部门", "none": "无"}
SCOPE_KINDS = {name: kind for kind, name in SCOPE_NAMES.items()}
MIN_PASSWORD_CHARS = 10
_hasher = PasswordHasher()  # argon2id with the library's current recommended cost
_DUMMY_HASH = _hasher.hash("no account has this password")  # an unknown name costs a check too


class AccountError(ValueError):
    """An account operation refused, in Chinese (unknown name, weak password, duplicate)."""


@dataclass(frozen=True)
class Account:
    """A signed-in person as every page sees them. `scope_kind` county, township, department or
    none; `unit` the township or department."""

    name: str
    scope_kind: str
    unit: str | None = None
    analyst: bool = False
    admin: bool = False

    def describe(self) -> str:
        """县级、分析员 / 乡镇：河口镇 / 部门：县住建局、分析员"""
        parts = [] if self.scope_kind == "none" else [
            SCOPE_NAMES[self.scope_kind] + (f"：{self.unit}" if self.unit else "")]
        return "、".join(parts + ["分析员"] * self.analyst + ["管理员"] * self.admin)

    @property
    def sees_cases(self) -> bool:
        return self.scope_kind != "none"


# Everyone, when sign-in is off (the demo county): sees everything, may import and read the audit.
NOBODY = Account("（未登录）", "county", analyst=True, admin=True)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the account, or the Chinese reason it was refused."""

    account: Account | None
    refusal: str = ""


def parse_scope(text: str) -> tuple[str, str | None]:
    """县级 / 乡镇:河口镇 / 部门:县住建局 / 无 → (kind, unit)."""
    name, _, unit = text.replace("：", ":").partition(":")
    kind = SCOPE_KINDS.get(name.strip())
    unit = unit.strip() or None
    if kind is None:
        raise AccountError(f"范围「{text}」无法识别：应为 县级、乡镇:名称、部门:名称 或 无")
    if kind in ("township", "department") and not unit:
        raise AccountError(f"范围「{text}」缺少{SCOPE_NAMES[kind]}名称，例如 {SCOPE_NAMES[kind]}:河口镇")
    if kind in ("county", "none") and unit:
        raise AccountError(f"范围「{text}」：{SCOPE_NAMES[kind]}不带名称")
    return kind, unit


def add(name: str, password: str | None, scope: str, analyst: bool = False, admin: bool = False,
        actor: str = "命令行", db_path: Path | None = None) -> Account:
    """A new account; `password` None for one that signs in through single sign-on only."""
    name = name.strip()
    if not name:
        raise AccountError("用户名不能为空")
    kind, unit = parse_scope(scope)
    if kind == "none" and not (analyst or admin):
        raise AccountError("范围为“无”的账号须是分析员或管理员（--analyst、--admin），否则无页可看")
    account = Account(name, kind, unit, analyst, admin)
    with store.connection(db_path) as con:
        if store.run(con, "find_account", name=name):
            raise AccountError(f"用户「{name}」已存在")
        store.run(con, "insert_account", name=name, password_hash=_hash(password) if password is not None else None,
                  scope_kind=kind, unit=unit, analyst=int(analyst), admin=int(admin), now=store.now())
        audit.append(con, actor, "account_added", f"{name}（{account.describe()}）")
    return account


def reset_password(name: str, password: str, actor: str = "命令行", db_path: Path | None = None) -> None:
    """A new password, which also unlocks the account."""
    with store.connection(db_path) as con:
        _existing(con, name)
        store.run(con, "set_password", name=name, password_hash=_hash(password), now=store.now())
        sessions.end_all(con, name)  # a browser signed in with the old password is out
        audit.append(con, actor, "password_reset", name)


def set_disabled(name: str, disabled: bool, actor: str = "命令行", db_path: Path | None = None) -> None:
    with store.connection(db_path) as con:
        _existing(con, name)
        store.run(con, "set_disabled", name=name, disabled=int(disabled), now=store.now())
        sessions.end_all(con, name)
        audit.append(con, actor, "account_disabled" if disabled else "account_enabled", name)


def listed(db_path: Path | None = None) -> list[dict]:
    """Every account without its password hash, its scope in Chinese (县级, 乡镇, …)."""
    with store.connection(db_path) as con:
        rows = [dict(row) for row in store.run(con, "list_accounts")]
    return [{**row, "scope_kind": SCOPE_NAMES[row["scope_kind"]]} for row in rows]


def sign_in(name: str, password: str, db_path: Path | None = None) -> SignIn:
    """Check a name and password; count a failure, lock after MINYI_LOCKOUT_ATTEMPTS of them for
    MINYI_LOCKOUT_MINUTES; record either outcome in the audit. Every refusal reads the same and
    takes as long (an unknown name is checked against a dummy hash), so the page never tells
    whether a name exists; the audit names only accounts that exist, never what was typed."""
    name = name.strip()
    limit = int(config.LOCKOUT_ATTEMPTS.number(minimum=1))
    minutes = config.LOCKOUT_MINUTES.number(minimum=1)
    refusal = f"用户名或密码错误，或账号已停用、已锁定。连续输错{limit}次，账号将锁定{minutes:g}分钟。"
    with store.connection(db_path, write=False) as con:
        rows = store.run(con, "find_account", name=name)
    row = rows[0] if rows else None
    verified = _verified(row["password_hash"] if row else _DUMMY_HASH, password) and row is not None
    locked_until = store.parse_time(row["locked_until"]) if row else None
    locked = locked_until is not None and locked_until > config.local_now()
    allowed = verified and not row["disabled"] and not locked
    with store.connection(db_path) as con:
        if row is not None and not allowed and not verified:
            until = config.local_now() + dt.timedelta(minutes=minutes)
            store.run(con, "record_failure", name=name, limit=limit, locked_until=until.isoformat(sep=" "))
        elif allowed:
            store.run(con, "clear_failures", name=name)
        why = ("登录成功" if allowed else "账号不存在" if row is None else "账号已停用" if row["disabled"]
               else "账号锁定中" if locked else "密码错误")
        audit.append(con, name if row is not None else "（不存在的用户名）", "sign_in" if allowed else "sign_in_failed", why)
    return SignIn(_account(row)) if allowed else SignIn(None, refusal)


def current(name: str, db_path: Path | None = None) -> Account | None:
    """The account as it is now (None once disabled or removed): checked on every page run, so
    disabling takes effect at the next click."""
    with store.connection(db_path, write=False) as con:
        rows = store.run(con, "find_account", name=name)
    return _account(rows[0]) if rows and not rows[0]["disabled"] else None


def of_session(token: str | None, db_path: Path | None = None) -> Account | None:
    """The enabled account a browser's session token signs in, while the session lasts; None for
    an unknown, ended or expired token (sign-out, a new password, disabling end it)."""
    if not isinstance(token, str) or not token:
        return None
    with store.connection(db_path, write=False) as con:
        rows = store.run(con, "find_session_account", token_hash=sessions.token_hash(token), now=store.now())
    return _account(rows[0]) if rows else None


def _account(row) -> Account:
    return Account(row["name"], row["scope_kind"], row["unit"], bool(row["analyst"]), bool(row["admin"]))


def _existing(con, name: str):
    rows = store.run(con, "find_account", name=name)
    if not rows:
        raise AccountError(f"没有用户「{name}」")
    return rows[0]


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"密码至少{MIN_PASSWORD_CHARS}个字符")
    return _hasher.hash(password)


def _verified(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False  # a single-sign-on account has no password to sign in with
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
