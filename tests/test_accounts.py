"""Accounts: argon2 hashes and no default password, lockout after repeated failures (a locked
account refuses even its right password), disabling, and an audit row for every outcome that
nobody can change or delete."""

from __future__ import annotations

import io
import sqlite3
import stat

import pytest

from minyi.__main__ import main
from minyi.security import accounts, audit, store

PASSWORD = "正确的密码abc123"


@pytest.fixture()
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "county.duckdb"
    monkeypatch.setenv("MINYI_DB", str(path))
    return path


def test_a_password_is_kept_only_as_an_argon2_hash(db_path):
    accounts.add("张三", PASSWORD, "乡镇:河口镇")
    with sqlite3.connect(store.path(db_path)) as con:
        (stored,) = con.execute("select password_hash from accounts").fetchone()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert stat.S_IMODE(store.path(db_path).stat().st_mode) & 0o077 == 0
    with pytest.raises(accounts.AccountError, match="密码至少10个字符"):
        accounts.add("李四", "short", "县级")


def test_scopes_and_roles_read_as_the_county_names_them():
    assert accounts.parse_scope("乡镇：河口镇") == ("township", "河口镇")
    assert accounts.parse_scope("县级") == ("county", None)
    assert accounts.Account("王五", "department", "县住建局", analyst=True).describe() == "部门：县住建局、分析员"
    for wrong in ("乡镇", "省级", "县级:全县"):
        with pytest.raises(accounts.AccountError):
            accounts.parse_scope(wrong)


def test_a_locked_account_stays_locked_even_with_the_right_password(db_path, monkeypatch):
    monkeypatch.setenv("MINYI_LOCKOUT_ATTEMPTS", "3")
    accounts.add("张三", PASSWORD, "乡镇:河口镇")
    for _ in range(3):
        assert accounts.sign_in("张三", "错误的密码000000").account is None
    assert accounts.sign_in("张三", PASSWORD).account is None  # locked: the right password is refused too
    assert list(audit.recent(1)["detail"]) == ["账号锁定中"]
    accounts.reset_password("张三", "新的正确密码xyz789")
    assert accounts.sign_in("张三", "新的正确密码xyz789").account == accounts.Account("张三", "township", "河口镇")


def test_no_refusal_tells_whether_a_name_exists(db_path, monkeypatch):
    monkeypatch.setenv("MINYI_LOCKOUT_ATTEMPTS", "2")
    accounts.add("张三", PASSWORD, "县级", analyst=True)
    accounts.add("李四", PASSWORD, "县级")
    refusals = {accounts.sign_in("不存在", PASSWORD).refusal, accounts.sign_in("张三", "错误的密码000000").refusal}
    accounts.set_disabled("李四", True)
    refusals.add(accounts.sign_in("李四", PASSWORD).refusal)
    accounts.sign_in("张三", "错误的密码000000")
    refusals.add(accounts.sign_in("张三", PASSWORD).refusal)  # now locked
    assert refusals == {"用户名或密码错误，或账号已停用、已锁定。连续输错2次，账号将锁定30分钟。"}
    assert accounts.current("李四") is None
    accounts.set_disabled("李四", False)
    assert accounts.current("李四") is not None
    accounts.sign_in("正确的密码abc123", "x")  # a password typed into the name field
    assert "正确的密码abc123" not in audit.recent(None).to_string()
    with pytest.raises(accounts.AccountError, match="须是分析员或管理员"):
        accounts.add("王五", PASSWORD, "无")


def test_every_outcome_leaves_an_audit_row_that_cannot_be_changed(db_path):
    accounts.add("张三", PASSWORD, "县级")
    accounts.sign_in("张三", PASSWORD)
    accounts.sign_in("张三", "错误的密码000000")
    rows = audit.recent()
    assert list(rows["action"]) == ["登录失败", "登录", "新建账号"] and rows["detail"].iloc[0] == "密码错误"
    assert list(rows["actor"][:2]) == ["张三", "张三"]
    with sqlite3.connect(store.path(db_path)) as con:
        for statement in ("update audit set actor = 'x'", "delete from audit"):
            with pytest.raises(sqlite3.DatabaseError, match="审计记录不可"):
                con.execute(statement)


def test_a_download_is_recorded_with_its_account_file_and_rows(db_path):
    made = audit.recorded_download("张三", "案件清单.xlsx", lambda: (b"xlsx", 42))
    assert made() == b"xlsx"
    row = audit.recent(1).iloc[0]
    assert (row["actor"], row["action"], row["detail"], row["rows"]) == ("张三", "下载", "案件清单.xlsx", 42)


def test_the_command_line_manages_accounts_without_a_default_password(db_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "张三", "--scope", "乡镇:河口镇", "--analyst", "--password-stdin",
                 "--db", str(db_path)]) == 0
    assert main(["users", "add", "李四", "--scope", "部门:县住建局", "--sso", "--db", str(db_path)]) == 0
    assert main(["users", "disable", "李四", "--db", str(db_path)]) == 0
    assert main(["users", "add", "王五", "--scope", "省级", "--sso", "--db", str(db_path)]) == 2
    assert main(["users", "list", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "张三\t乡镇：河口镇\t分析员" in out and "李四\t部门：县住建局\t已停用" in out
    assert accounts.sign_in("李四", "").account is None  # a single-sign-on account has no password at all
    assert "命令行" in audit.recent()["actor"].iloc[-1]


def test_a_session_ends_on_sign_out_a_new_password_or_disabling(db_path):
    from minyi.security import sessions

    accounts.add("张三", PASSWORD, "县级")
    first, second = sessions.start("张三"), sessions.start("张三")
    assert accounts.of_session(first).name == "张三" and accounts.of_session("forged") is None
    sessions.end(first)
    assert accounts.of_session(first) is None and accounts.of_session(second) is not None
    accounts.reset_password("张三", "新的正确密码xyz789")
    assert accounts.of_session(second) is None
    third = sessions.start("张三")
    accounts.set_disabled("张三", True)
    assert accounts.of_session(third) is None
    with sqlite3.connect(store.path(db_path)) as con:
        assert third not in " ".join(str(row) for row in con.execute("select * from sessions"))
