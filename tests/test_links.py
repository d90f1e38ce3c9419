"""A copied link states every choice of the sidebar, defaults included (minyi.filter_links), so it
shows the same view after an import moves the defaults; what a link asks that the data does not
hold is said, not silently replaced."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.dashboard_runs import open_dashboard
from tests.export_files import COMPLAINT_HEADER, write_csv


def _link(app) -> dict[str, str]:
    return {key: str(value) for key, value in app.query_params.items()}


def _period_line(app) -> str:
    return next(caption.value for caption in app.caption if caption.value.startswith("统计期间"))


def _import_months(folder: Path, name: str, months: range) -> Path:
    """Twelve 12345 complaints received on the 1st–12th of each month of 2024 in `months`, imported
    by the command line in a process of its own, as the nightly job runs beside the dashboard."""
    rows = [[f"{name}-{month}-{day}", f"2024-{month:02d}-{day:02d} 09:00", "回隆乡", "县住建局", "噪声", "施工噪声",
             None, None, None, None, None, "否"] for month in months for day in range(1, 13)]
    path = folder / "minyi.duckdb"
    export = write_csv(folder / f"{name}.csv", COMPLAINT_HEADER, rows)
    subprocess.run([sys.executable, "-m", "minyi", "import", str(export), "--db", str(path)], check=True,
                   capture_output=True)
    return path


def test_a_link_opened_bare_comes_to_state_every_choice(hand_db, monkeypatch):
    app = open_dashboard(hand_db, monkeypatch)
    assert _link(app) == {"period": "1–N月", "year": "2012年", "month": "8月", "source": "全部",
                          "township": "全部", "department": "全部", "category": "全部"}


def test_a_copied_link_keeps_its_period_after_an_import_moves_the_default(tmp_path, monkeypatch):
    path = _import_months(tmp_path, "上半年", range(1, 7))  # data to 12 June: the default is 1–5月
    before = open_dashboard(path, monkeypatch, period="季度")
    copied = _link(before)
    assert copied["year"] == "2024年" and copied["quarter"] == "第2季度" and "month" not in copied
    assert "统计期间：2024年4月1日-6月12日" in _period_line(before)  # the quarter cut at the data's end

    _import_months(tmp_path, "三季度", range(7, 10))  # data to 12 September: the default is 1–8月
    assert "统计期间：2024年4-6月 " in _period_line(open_dashboard(path, monkeypatch, **copied))
    assert "统计期间：2024年7月1日-9月12日" in _period_line(open_dashboard(path, monkeypatch, period="季度"))


def test_changing_the_kind_of_period_rewrites_the_link(hand_db, monkeypatch):
    app = open_dashboard(hand_db, monkeypatch, "pages/trends.py", period="季度", quarter="2")
    assert _link(app)["quarter"] == "第2季度"
    app.button_group(key="period").set_value("month").run()
    link = _link(app)
    assert link["period"] == "月" and link["month"] == "8月" and "quarter" not in link
    app.switch_page("pages/overview.py")
    app.run()  # another page keeps the choice, and so does its link
    assert _link(app) == link and app.button_group(key="period").value == "month"


def test_what_a_link_asks_wrongly_is_said_until_the_choice_changes(hand_db, monkeypatch):
    app = open_dashboard(hand_db, monkeypatch, period="1-N月", month="13月", to="昨天", category="不存在的类别")
    said = app.sidebar.warning[0].value
    assert "链接中的截至月份“13月”在数据中不存在，显示的是8月。" in said
    assert "链接中的问题类别“不存在的类别”在数据中不存在，显示的是全部。" in said
    assert _link(app)["period"] == "1–N月" and "to" not in _link(app)  # an ASCII hyphen is understood
    app.run()
    assert app.sidebar.warning  # a rerun (another click elsewhere) keeps the note
    app.selectbox(key="month").set_value(3).run()
    assert not app.sidebar.warning
    app.selectbox(key="month").set_value(8).run()  # back to what the link was read as: said no more
    assert not app.sidebar.warning


def test_a_custom_period_out_of_the_data_is_moved_into_it_and_said(hand_db, monkeypatch):
    app = open_dashboard(hand_db, monkeypatch, period="自定义", **{"from": "2000-01-01", "to": "2012-03-31"})
    link = _link(app)
    assert link["to"] == "2012-03-31" and link["from"] > "2000-01-01" and "year" not in link
    assert "链接中的开始日期2000-01-01不在数据范围" in app.sidebar.warning[0].value
