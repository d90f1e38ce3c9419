"""民意调查 indicators (满意率, 信任率, 见警率, 安全感): read from survey items by their names, counted
by hand, shown by township on the 满意度 page and scored as 考核 items."""

from __future__ import annotations

import pytest

from minyi import db, satisfaction, survey_indicators
from minyi.assessment import inputs, rates, rules, scoring
from minyi.periods import year
from minyi.scope import Scope
from tests.dashboard_runs import open_dashboard
from tests.export_files import import_into, write_csv

HEADER = ["测评名称", "测评日期", "所属乡镇（街道）", "评价群体", "测评项目", "评价", "票数"]
POLL = "2012年度公众安全感和满意度调查"
ROWS = [
    [POLL, "2012-12-20", "甲镇", "群众", "安全感", "很安全", 40],
    [POLL, "2012-12-20", "甲镇", "群众", "安全感", "安全", 30],
    [POLL, "2012-12-20", "甲镇", "群众", "安全感", "基本安全", 10],
    [POLL, "2012-12-20", "甲镇", "群众", "安全感", "不安全", 15],
    [POLL, "2012-12-20", "甲镇", "群众", "安全感", "不清楚", 5],      # takes no side: not counted
    [POLL, "2012-12-20", "乙镇", "群众", "安全感", "很安全", 50],
    [POLL, "2012-12-20", "乙镇", "群众", "安全感", "安全", 40],
    [POLL, "2012-12-20", "乙镇", "群众", "安全感", "不安全", 10],
    [POLL, "2012-12-20", "甲镇", "群众", "见警率", "经常见到", 30],
    [POLL, "2012-12-20", "甲镇", "群众", "见警率", "很少见到", 20],
    [POLL, "2012-12-20", "甲镇", "群众", "见警率", "从未见到", 50],
    [POLL, "2012-12-20", "甲镇", "群众", "对公安机关的信任度", "信任", 60],
    [POLL, "2012-12-20", "甲镇", "群众", "对公安机关的信任度", "不信任", 40],
    ["2012年度满意度测评", "2012-12-15", "甲镇", "群众代表", "服务态度", "满意", 100],  # a 测评 item, no indicator
]


@pytest.fixture(scope="module")
def polled_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("poll")
    db_path = folder / "db" / "m.duckdb"
    report = import_into(db_path, [write_csv(folder / "民意调查.csv", HEADER, ROWS)], kind="survey")
    assert report.total("rows_rejected") == 0
    return db_path


def test_the_indicators_are_counted_as_by_hand(polled_db):
    con = db.open_reader(polled_db)
    try:
        votes = satisfaction.survey_votes(con, Scope(year(2012)))
    finally:
        con.close()
    table = survey_indicators.rates(votes).set_index(["unit", "indicator"])
    assert table.at[("甲镇", "safety"), "rate"] == pytest.approx(80 / 95)  # 很安全+安全+基本安全 ÷ all but 不清楚
    assert table.at[("甲镇", "safety"), "answered"] == 95
    assert table.at[("乙镇", "safety"), "rate"] == pytest.approx(0.90)
    assert table.at[("甲镇", "police_seen"), "rate"] == pytest.approx(0.50)  # 很少见到 is still seen
    assert table.at[("甲镇", "trust"), "rate"] == pytest.approx(0.60)
    assert ("甲镇", "satisfaction") not in table.index  # 服务态度 is the 测评's item, not the poll's


@pytest.mark.parametrize("item, indicator", [
    ("安全感", "safety"), ("群众安全感", "safety"), ("见警率", "police_seen"), ("对公安机关的信任度", "trust"),
    ("群众满意度", "satisfaction"), ("服务态度", None), ("总体评价", None)])
def test_an_item_is_an_indicator_by_its_name(item, indicator):
    assert getattr(survey_indicators.indicator_of(item), "key", None) == indicator


TOWNSHIP_RULE = """\
title = "乡镇平安建设考核"
units = "township"
only = ["甲镇", "乙镇"]

[[item]]
name = "群众安全感"
points = 100
from = "survey.safety_rate"
score = { kind = "linear", zero = 80, full = 90 }

[[grade]]
name = "优秀"
min = 90

[[grade]]
name = "良好"
min = 60

[[grade]]
name = "一般"
min = 0
"""


def test_a_poll_indicator_is_a_township_assessment_item(polled_db):
    chosen = rules.parse(TOWNSHIP_RULE, rates.available(), "平安.toml")
    con = db.open_reader(polled_db)
    try:
        units, read = inputs.gather(con, chosen, year(2012))
    finally:
        con.close()
    result = scoring.assess(chosen, units, read).units.set_index("unit")
    # 甲镇 84.21%: (84.21 − 80) ÷ (90 − 80) × 100 = 42.11 → 一般; 乙镇 90% → full marks, 优秀
    assert result["total"].to_dict() == {"甲镇": 42.11, "乙镇": 100.0}
    assert result["grade"].to_dict() == {"甲镇": "一般", "乙镇": "优秀"}


def test_the_satisfaction_page_shows_the_indicators_by_township(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/satisfaction.py")  # 2012年1-9月: the poll of 2012-07-20
    assert "民意调查指标" in [header.value for header in app.subheader]
    table = app.dataframe[-1].value.set_index("unit")
    assert len(table) == 16 and {"safety", "trust", "police_seen", "satisfaction", "safety_answered"} <= set(table)
    assert table["trust_answered"].eq(300).all() and table["safety_answered"].lt(300).all()  # 不清楚 left out
    assert table["police_seen"].idxmin() in ("河口镇", "柳溪乡")  # the lagging townships
    assert any("安全感=（很安全+非常安全+安全+比较安全+基本安全）÷作出回答的人数" in caption.value for caption in app.caption)


def test_a_wide_poll_table_is_read_one_answer_column_each(tmp_path):
    header = ["测评名称", "测评日期", "乡镇", "测评项目", "很安全", "安全", "基本安全", "不安全", "不清楚", "经常见到", "从未见到"]
    rows = [[POLL, "2012-12-20", "甲镇", "安全感", 40, 30, 10, 15, 5, None, None],
            [POLL, "2012-12-20", "甲镇", "见警率", None, None, None, None, None, 30, 70]]
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [write_csv(tmp_path / "民意调查.csv", header, rows)], kind="survey")
    assert (report.total("rows_read"), report.total("rows_rejected")) == (7, 0)  # one row per filled answer cell
    con = db.open_reader(db_path)
    try:
        table = survey_indicators.rates(satisfaction.survey_votes(con, Scope(year(2012)))).set_index("indicator")
    finally:
        con.close()
    assert table.at["safety", "rate"] == pytest.approx(80 / 95) and table.at["police_seen", "rate"] == pytest.approx(0.3)
