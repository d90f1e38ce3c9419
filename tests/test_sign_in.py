"""Signing in, as the dashboard runs it (AppTest): with MINYI_SIGN_IN=local nothing of the data
shows before a valid sign-in, the menu holds only the pages the account may open, and the 数据
page and its upload box are for 分析员 (and the audit for 管理员) only."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from minyi.security import accounts, audit, store
from tests.dashboard_runs import DASHBOARD

PASSWORD = "正确的密码abc123"


@pytest.fixture(scope="module")
def county(tmp_path_factory, hand_db):
    """The hand-computed county in a folder of its own (its accounts file beside it), with one
    account per kind of user."""
    folder = tmp_path_factory.mktemp("signin")
    shutil.copytree(hand_db.parent, folder, dirs_exist_ok=True, symlinks=True,
                    ignore=shutil.ignore_patterns("minyi-accounts*"))  # its own accounts and audit only
    path = folder / hand_db.name
    for name, scope, analyst, admin in (("县领导", "县级", False, False), ("乡镇干部", "乡镇:回隆乡", False, False),
                                        ("部门干部", "部门:县住建局", False, False),
                                        ("分析员", "无", True, False), ("管理员", "县级", False, True)):
        accounts.add(name, PASSWORD, scope, analyst, admin, db_path=path)
    return path


def _app(county, monkeypatch) -> AppTest:
    monkeypatch.setenv("MINYI_DB", str(county))
    monkeypatch.setenv("MINYI_SIGN_IN", "local")
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    return app


def _sign_in(app: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    app.text_input(key="sign-in-name").input(name)
    app.text_input(key="sign-in-password").input(password)
    next(button for button in app.button if button.label == "登录").click()
    app.run()
    assert not app.exception, app.exception
    return app


def test_nothing_of_the_data_shows_before_signing_in(county, monkeypatch):
    app = _app(county, monkeypatch)
    assert [title.value for title in app.title] == ["民意看板"]
    assert not app.get("plotly_chart") and not app.get("file_uploader")
    assert not [element for element in app.markdown if "件" in element.value]
    _sign_in(app, "县领导", "错误的密码000000")
    assert app.error[0].value.startswith("用户名或密码错误，")
    assert not app.get("plotly_chart")


def test_a_county_leader_sees_the_overview_and_no_data_page(county, monkeypatch):
    app = _sign_in(_app(county, monkeypatch), "县领导")
    assert app.title[0].value == "总览" and app.get("plotly_chart")
    assert any("当前用户：县领导" in caption.value for caption in app.sidebar.caption)
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not in its menu at all
        app.switch_page("pages/data_status.py")


def test_the_upload_box_is_for_analysts_and_the_audit_for_administrators(county, monkeypatch):
    analyst = _sign_in(_app(county, monkeypatch), "分析员")  # no scope: the 数据 page only
    assert analyst.title[0].value == "数据" and analyst.get("file_uploader")
    assert "审计记录" not in [header.value for header in analyst.subheader]
    admin = _sign_in(_app(county, monkeypatch), "管理员")
    admin.switch_page("pages/data_status.py")
    admin.run()
    assert "审计记录" in [header.value for header in admin.subheader] and not admin.get("file_uploader")


def test_signing_out_and_disabling_end_the_session(county, monkeypatch):
    app = _sign_in(_app(county, monkeypatch), "乡镇干部")
    assert app.get("plotly_chart")
    accounts.set_disabled("乡镇干部", True, db_path=county)
    try:
        app.run()
        assert app.info[0].value.startswith("登录已失效") and not app.get("plotly_chart")
    finally:
        accounts.set_disabled("乡镇干部", False, db_path=county)
    app = _sign_in(_app(county, monkeypatch), "乡镇干部")  # a new visit
    next(button for button in app.sidebar.button if button.label == "退出登录").click()
    app.run()
    assert [title.value for title in app.title] == ["民意看板"]
    with sqlite3.connect(store.path(county)) as con:  # the server forgot this browser's session
        assert con.execute("select count(*) from sessions where name = '乡镇干部'").fetchone()[0] == 0
    actions = list(audit.recent(db_path=county)["action"])
    assert "退出登录" in actions and "停用账号" in actions and actions.count("登录") >= 2


def _scoped_app(county, monkeypatch, name="乡镇干部", **url) -> AppTest:
    monkeypatch.setenv("MINYI_DB", str(county))
    monkeypatch.setenv("MINYI_SIGN_IN", "local")
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.query_params.update(url)
    app.run()
    return _sign_in(app, name)


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/trends.py", "pages/timeliness.py",
                                  "pages/rankings.py", "pages/briefing.py"])
def test_a_township_account_sees_its_township_whatever_the_link_asks(county, monkeypatch, page):
    app = _scoped_app(county, monkeypatch, township="新棉镇")
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    assert app.selectbox(key="township").value == "回隆乡" and app.selectbox(key="township").disabled
    assert app.selectbox(key="township").options == ["回隆乡"]
    assert any("链接中的“新棉镇”未采用" in warning.value for warning in app.sidebar.warning)
    period = next(caption.value for caption in app.caption if caption.value.startswith("统计期间"))
    assert "回隆乡" in period and "新棉镇" not in period


def test_a_township_account_lists_only_its_own_cases(county, monkeypatch):
    app = _scoped_app(county, monkeypatch)
    app.switch_page("pages/trends.py")
    app.run()
    units = app.selectbox(key="drill").options
    assert units and all("新棉镇" not in str(unit) for unit in units)
    assert "部门：县信访局" not in units  # the department that handles only 新棉镇's cases is not offered
    app.session_state["drill"] = ("department", "县住建局")
    app.run()
    cases = app.dataframe[-1].value
    assert len(cases) == 15 and set(cases["township"]) == {"回隆乡"}


def test_a_department_account_sees_the_cases_its_department_handles_only(county, monkeypatch):
    app = _scoped_app(county, monkeypatch, "部门干部", department="县信访局")
    app.switch_page("pages/trends.py")
    app.run()
    assert app.selectbox(key="department").options == ["县住建局"] and app.selectbox(key="department").disabled
    assert any("链接中的“县信访局”未采用" in warning.value for warning in app.sidebar.warning)
    units = app.selectbox(key="drill").options
    assert units and not any("县信访局" in str(unit) for unit in units)
    app.session_state["drill"] = ("township", "回隆乡")
    app.run()
    assert set(app.dataframe[-1].value["department"]) == {"县住建局"}


def test_a_misspelled_link_says_so_instead_of_passing_for_the_whole_county(hand_db, monkeypatch):
    from tests.dashboard_runs import open_dashboard

    app = open_dashboard(hand_db, monkeypatch, township="回龙乡")  # 回隆乡, typed wrong
    warning = next(element.value for element in app.sidebar.warning)
    assert "链接中的乡镇（街道）“回龙乡”在数据中不存在" in warning and "全部" in warning


def test_a_township_analyst_sees_no_other_townships_rejected_rows_and_imports_its_own_only(tmp_path, monkeypatch):
    from tests.export_files import COMPLAINT_HEADER, imported_database

    rows = [[f"G{n}", "2024-03-01 09:00", "回隆乡", "县住建局", "噪声", "施工噪声", None, None, None, None, None, "否"]
            for n in range(10)]
    rows.append(["G99", "不是日期", "新棉镇", "县信访局", "噪声", "新棉镇的事", None, None, None, None, None, "否"])
    path = imported_database(tmp_path, "工单.csv", COMPLAINT_HEADER, rows)
    accounts.add("乡镇分析员", PASSWORD, "乡镇:回隆乡", analyst=True, db_path=path)
    accounts.add("县分析员", PASSWORD, "县级", analyst=True, db_path=path)
    shown = {}
    for name in ("乡镇分析员", "县分析员"):
        app = _sign_in(_app(path, monkeypatch), name)
        app.switch_page("pages/data_status.py")
        app.run()
        shown[name] = ([expander.label for expander in app.expander], len(app.get("file_uploader")),
                       any("本账号只能导入回隆乡的行" in caption.value for caption in app.caption))
    assert shown["县分析员"][0] and not shown["乡镇分析员"][0]
    assert shown["县分析员"][1:] == (2, False) and shown["乡镇分析员"][1:] == (1, True)  # no mapping file for a township
