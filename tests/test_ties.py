"""Ties are ties: units with the same shown value share a rank, go on 红榜/黑榜 together or not at
all, are red together or not at all, and are named together (A、B（并列，均为95.0%））; when all tie,
no sentence calls one of them lowest or highest."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import streamlit as st

from minyi import briefing, charts, db, filters, metrics, pack, rankings, timeliness
from minyi.periods import Period
from tests.dashboard_runs import open_dashboard
from tests.export_files import imported_database



@pytest.mark.parametrize("values, red", [
    ([0.99, 0.98, 0.97, 0.95, 0.95], {"c", "d", "e"}),   # the tie fits in the last three: both red
    ([0.99, 0.95, 0.95, 0.95, 0.90], {"e"}),             # the tie straddles the boundary: neither red
    ([0.99, 0.98, 0.95, 0.95, 0.90], {"c", "d", "e"}),
    ([0.95] * 5, set()),                                  # all tie: no laggards
    ([0.99, 0.98, 0.97], set()),                          # too short to single any out
])
def test_laggards_colour_ties_alike(values, red):
    labels = pd.Series(list("abcde"[:len(values)]))
    assert charts.laggards(labels, pd.Series(values)) == red


def test_rate_bars_tie_on_the_value_as_shown():
    table = pd.DataFrame({"unit": list("abcde"), "on_time_rate": [0.99, 0.98, 0.97, 0.95004, 0.94996],
                          "due": [20, 20, 20, 30, 20]}, dtype=object)
    bars, red = timeliness.rate_bars(table, "on_time_rate", "due", "应办结")
    assert red == {"c", "d", "e"} and list(bars["text"][-2:]) == ["95.0%（应办结30件）", "95.0%（应办结20件）"]
    table["on_time_rate"] = [0.99, 0.95004, 0.95, 0.94996, 0.90]
    assert timeliness.rate_bars(table, "on_time_rate", "due", "应办结")[1] == {"e"}


def test_red_and_black_lists_keep_ties_together():
    table = pd.DataFrame({"unit": list("abcdef"), "rank": [1, 1, 3, 4, 4, 6]})
    best, worst = rankings.red_and_black(table, 2)
    assert list(best["unit"]) == ["a", "b"] and list(worst["unit"]) == ["f"]  # d and e tie for 4th-5th place
    best, worst = rankings.red_and_black(pd.DataFrame({"unit": list("abcd"), "rank": [1] * 4}), 5)
    assert best.empty and worst.empty


def _bars(values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"label": list(values), "value": list(values.values())})


def test_rate_takeaway_names_tied_units_together():
    denominators = pd.Series({"甲局": 40, "乙局": 30, "丙局": 20, "丁局": 20})
    takeaway = briefing.rate_takeaway(_bars({"甲局": 1.0, "乙局": 0.95, "丙局": 0.95}), "按时办结率", denominators,
                                      "应办结", 10)
    assert takeaway == "按时办结率最低的是乙局、丙局（并列，均为95.0%），最高的是甲局（100.0%）。"
    assert briefing.rate_takeaway(_bars({"甲局": 0.95, "乙局": 0.95}), "按时办结率", denominators, "应办结", 10) == \
        "参与比较的2个单位按时办结率均为95.0%。"
    many = briefing.rate_takeaway(_bars({"甲局": 1.0, "乙局": 1.0, "丙局": 1.0, "丁局": 1.0, "戊局": 0.5}), "按时办结率",
                                  pd.Series(20, index=["甲局", "乙局", "丙局", "丁局", "戊局"]), "应办结", 10)
    assert many == "按时办结率最低的是戊局（50.0%，应办结20件），最高的是甲局、乙局、丙局等4个单位（并列，均为100.0%）。"


def test_best_and_worst_names_tied_units_together():
    ranked = pd.DataFrame({"unit": ["甲镇", "乙镇", "丙镇"], "score": [97.0, 97.0, 40.0], "rank": [1, 1, 3]})
    assert briefing.best_and_worst(ranked, "乡镇（街道）", 10) == \
        "乡镇（街道）中，综合得分最高的是乙镇、甲镇（并列，均为97.0分），最低的是丙镇（40.0分）。"  # names in a fixed order
    ranked["score"], ranked["rank"] = 80.0, 1
    assert briefing.best_and_worst(ranked, "乡镇（街道）", 10) == "乡镇（街道）中，参与排名的3个单位综合得分均为80.0分。"


def _rows() -> list[list[str]]:
    """Received 2012-03-01, 20 per township, each township with its own department. 甲镇 and 乙镇:
    all closed 03-05 (on time), 满意. 丙镇 and 丁镇: 10 closed 03-05 满意, 10 closed 05-15 (past the
    60-day deadline of 04-30), 不满意. So 甲镇 = 乙镇 and 丙镇 = 丁镇 on every rate."""
    rows = []
    for town, department, late in (("甲镇", "甲局", 0), ("乙镇", "乙局", 0), ("丙镇", "丙局", 10), ("丁镇", "丁局", 10)):
        for i in range(20):
            closed, answer = ("2012-05-15", "不满意") if i < late else ("2012-03-05", "满意")
            rows.append([f"{department}{i:02d}", "2012-03-01", town, department, closed, answer])
    return rows


@pytest.fixture(scope="module")
def tied_db(tmp_path_factory):
    return imported_database(tmp_path_factory.mktemp("ties"), "ties.csv",
                             ["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "回访结果"], _rows())


def test_tied_units_share_rank_list_colour_and_sentence(tied_db):
    con = db.open_reader(tied_db)
    try:
        view = filters.view_of(filters.read_choices(con), Period(dt.date(2012, 1, 1), dt.date(2012, 5, 31)))
        rule = rankings.RankingRule.from_config()
        table = rankings.ranking(con, view.scope, "township", rule, metrics.Policy())
        assert dict(zip(table["unit"], table["rank"])) == {"甲镇": 1, "乙镇": 1, "丙镇": 3, "丁镇": 3}
        best, worst = rankings.red_and_black(table, 5)
        assert set(best["unit"]) == {"甲镇", "乙镇"} and set(worst["unit"]) == {"丙镇", "丁镇"}
        bars = rankings.score_bars(table)
        assert charts.laggards(bars["label"], bars["value"].round(1)) == {"丙镇", "丁镇"}

        built = pack.build(con, view, {"county": "并列县"}, metrics.Policy(), rule, made_on=dt.date(2012, 6, 1))
        # 100% on every rate; 丙镇/丁镇: 0.35 × 50 + 0.25 × 100 + 0.30 × 50 = 57.5, no volume part: ÷ 0.9 = 63.9
        assert built.section("主要特点").paragraphs[1] == ("乡镇（街道）中，综合得分最高的是乙镇、甲镇（并列，均为100.0分），"
                                                   "最低的是丁镇、丙镇（并列，均为63.9分）。")
        on_time = next(e for e in built.exhibits if e.spec.title == "各承办部门按时办结率")
        assert on_time.takeaway == "按时办结率最低的是丁局、丙局（并列，均为50.0%），最高的是乙局、甲局（并列，均为100.0%）。"
    finally:
        con.close()


def test_the_rankings_page_shows_shared_ranks(tied_db, monkeypatch):
    app = open_dashboard(tied_db, monkeypatch, "pages/rankings.py")
    full = app.dataframe[-1].value
    assert dict(zip(full["unit"], full["rank"])) == {"甲镇": 1, "乙镇": 1, "丙镇": 3, "丁镇": 3}
    assert full["received_yoy"].isna().all()                         # no last year: missing, and shown as —
    assert {frame.proto.placeholder for frame in app.dataframe} == {"—"}
    bars = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]
    # the tied last two are the 黑榜, in dark grey (red is the 红榜 heading's colour), on an axis from 0
    assert {label for label, colour in zip(bars["y"], bars["marker"]["color"]) if colour == charts.INK} == {"丙镇", "丁镇"}
    assert charts.RED not in bars["marker"]["color"]
    assert json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["xaxis"]["range"] == [0, 100]
    # 受理同比 is a signed change (+3.4%), the rates plain percentages
    columns = json.loads(app.dataframe[-1].proto.columns)
    assert columns["received_yoy"]["type_config"]["format"] == "%+.1f%%"
    assert columns["on_time_rate"]["type_config"]["format"] == "%.1f%%"
    st.cache_data.clear()
    st.cache_resource.clear()
