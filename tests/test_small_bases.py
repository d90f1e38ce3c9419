"""A change over a tiny base is no trend: 4,242 cases against 3 reads 上年同期仅3件, never
同比上升141300.0%, in the cards, the sentences, the category test, the bar labels and the ranking."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest
import streamlit as st

from minyi import briefing, db, filters, formatting, metrics, pack, rankings, takeaways, trends
from minyi.__main__ import main
from minyi.periods import Period
from tests.dashboard_runs import open_dashboard, shown_cards
from tests.export_files import imported_database

HUGE_RATIO = re.compile(r"(上升|\+)\d{4,}")  # a change of 1,000% or more, written as a percentage


def test_the_base_is_quoted_below_the_minimum(monkeypatch):
    assert briefing.count_change("同比", metrics.change(4242, 3), 3) == "上年同期仅3件"
    assert briefing.count_change("环比", metrics.change(4242, 9), 9, "上季度") == "上季度仅9件"
    assert briefing.count_change("同比", metrics.change(12, 10), 10) == "同比上升20.0%"  # the minimum itself is enough
    assert formatting.count_change(4242, 3, "同比", 10) == "上年同期仅3件"
    assert formatting.count_change(4242, 3, "环比", 10, "上月") == "上月仅3件"
    assert formatting.count_change(12, 10, "同比", 10) == "+20.0%"
    assert formatting.count_change(12, 0, "同比", 10) is None
    monkeypatch.setenv("MINYI_COMPARISON_MIN_BASE", "2")  # the minimum is a setting
    assert briefing.count_change("同比", metrics.change(4242, 3), 3) == "同比上升141300.0%"


def test_a_category_rising_from_a_tiny_base_is_named_without_a_percentage():
    table = pd.DataFrame({"unit": ["噪音", "道路", "供水"], "received": [4242, 130, 40],
                          "received_earlier": [3, 100, 40]})
    table["yoy"] = [metrics.change(c, e) for c, e in zip(table["received"], table["received_earlier"])]
    assert takeaways.category_rises(table) == "同比上升较多的问题类别：噪音（4242件，上年同期仅3件）、道路（130件，同比上升30.0%）。"
    assert takeaways.share_takeaway(table).endswith("同比增加最多的是“噪音”（4242件，上年同期仅3件）。")
    assert list(trends.labelled_bars(table)["text"]) == [
        "4,242件　占96.1%　上年同期仅3件", "130件　占2.9%　同比+30.0%", "40件　占0.9%　同比持平"]


def _rows() -> list[list[str]]:
    """2011: 3 petitions of 新棉镇 (噪音) on 03-01. 2012: 4,242 of 新棉镇 (噪音) received 03-01 and
    closed 03-10 满意, and 20 of 回隆乡 (道路) received 03-02, closed 03-10, 满意."""
    rows = [[f"Y{i}", "2011-03-01", "新棉镇", "县信访局", "噪音", "2011-03-05", "满意"] for i in range(3)]
    rows += [[f"N{i:04d}", "2012-03-01", "新棉镇", "县信访局", "噪音", "2012-03-10", "满意"] for i in range(4242)]
    rows += [[f"H{i:02d}", "2012-03-02", "回隆乡", "县住建局", "道路", "2012-03-10", "满意"] for i in range(20)]
    return rows


@pytest.fixture(scope="module")
def tiny_base_db(tmp_path_factory):
    return imported_database(tmp_path_factory.mktemp("tiny_base"), "tiny_base.csv",
                             ["信访件编号", "信访时间", "所属乡镇", "承办单位", "问题类别", "办结时间", "回访结果"], _rows())


def test_overview_cards_and_paragraph_quote_the_base(tiny_base_db, monkeypatch):
    app = open_dashboard(tiny_base_db, monkeypatch)
    shown = shown_cards(app)
    cards = {m.label: (m.value, m.delta) for m in shown.values()}
    assert cards["信访受理"] == ("4,262件", None)  # words, not a delta pill: a grey line under the number
    assert ("同比 上年同期仅3件", "flat") in zip(shown["信访受理"].lines, shown["信访受理"].tones)
    paragraph = "".join(m.value for m in app.markdown)
    assert "2012年1月1日至3月10日，全县共受理信访事项4262件，上年同期仅3件" in paragraph
    assert not HUGE_RATIO.search(paragraph) and not HUGE_RATIO.search("".join(str(d) for _, d in cards.values()))
    # a rate of 3 cases a year ago is not compared in points either
    assert "办结4262件，办结率100.0%，上年同期仅3件" in paragraph
    assert cards["办结率"] == ("100.0%", None) and "同比" not in paragraph.split("办结率")[1].split("。")[0]
    st.cache_data.clear()
    st.cache_resource.clear()


def test_briefing_and_ranking_leave_the_tiny_base_out(tiny_base_db):
    con = db.open_reader(tiny_base_db)
    try:
        view = filters.view_of(filters.read_choices(con), Period(dt.date(2012, 1, 1), dt.date(2012, 3, 31)))
        rule = rankings.RankingRule({"on_time": 0.35, "completion": 0.25, "satisfaction": 0.30, "volume": 0.10}, 10, 10)
        built = pack.build(con, view, {"county": "小基数县"}, metrics.Policy(), rule, made_on=dt.date(2012, 4, 1))
        text = "".join(p for section in built.sections for p in section.paragraphs)
        assert "共受理信访事项4262件，上年同期仅3件" in built.headline
        assert "噪音（4242件，上年同期仅3件）" in text
        assert not HUGE_RATIO.search(text + "".join(exhibit.takeaway for exhibit in built.exhibits))
        table = rankings.ranking(con, view.scope, "township", rule, metrics.Policy()).set_index("unit")
        # 新棉镇's volume part would be 0 (a 141,300% rise); it is left out, so all its rates at 100% score 100
        assert formatting.is_missing(table.at["新棉镇", "volume_score"]) and round(table.at["新棉镇", "score"], 6) == 100
        assert formatting.is_missing(table.at["新棉镇", "received_yoy"])
        assert list(table["rank"]) == [1, 1]  # 回隆乡 (no last year at all) scores 100 too: a tie
    finally:
        con.close()


def test_tables_and_json_carry_no_ratio_on_a_tiny_base(tiny_base_db, capsys):
    con = db.open_reader(tiny_base_db)
    try:
        scope = filters.view_of(filters.read_choices(con), Period(dt.date(2012, 1, 1), dt.date(2012, 3, 31))).scope
        volumes = trends.volume_by(con, scope, "category").set_index("unit")
    finally:
        con.close()
    assert volumes.at["噪音", "received_earlier"] == 3 and volumes.at["噪音", "yoy"] is None  # the full list, the xlsx
    assert main(["metrics", "--from", "2012-01-01", "--to", "2012-03-31", "--format", "json",
                 "--db", str(tiny_base_db)]) == 0
    row = json.loads(capsys.readouterr().out)["rows"][0]
    assert (row["received_last_year"], row["received_yoy"]) == (3, None)
