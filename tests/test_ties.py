"""Ties are ties: units with the same shown value share a rank, go on 红榜/黑榜 together (a tie at
the boundary lengthens the list, and the chart says 并列第N位), are marked together, and are named together (A、B（并列，均为95.0%））; when all tie,
no sentence calls one of them lowest or highest."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import streamlit as st

from minyi import charts, db, filters, metrics, pack, rankings, takeaways, timeliness
from minyi.periods import Period
from tests.dashboard_runs import open_dashboard
from tests.export_files import imported_database



@pytest.mark.parametrize("values, marked", [
    ([0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.93], {"f", "g", "h"}),   # the tie fits in the last three
    ([0.99, 0.98, 0.97, 0.96, 0.94, 0.94, 0.94, 0.90], {"e", "f", "g", "h"}),  # tied at the boundary: all listed
    ([0.95] * 8, set()),                                                     # all tie: none singled out
    ([0.99, 0.95, 0.95, 0.95, 0.90], {"e"}),    # short list: at most half, and a tie across the middle is on neither
])
def test_laggards_take_everyone_tied_at_the_boundary(values, marked):
    labels = pd.Series(list("abcdefgh"[:len(values)]))
    assert rankings.laggards(labels, pd.Series(values), 3) == marked


def test_one_setting_sizes_every_list(monkeypatch):
    monkeypatch.setenv("MINYI_RANKING_LIST_SIZE", "2")
    labels, values = pd.Series(list("abcdefgh")), pd.Series([8, 7, 6, 5, 4, 3, 2, 1])
    assert rankings.laggards(labels, values) == {"g", "h"}
    best, worst = rankings.red_and_black(pd.DataFrame({"unit": list("abcdefgh"), "rank": range(1, 9)}))
    assert list(best["unit"]) == ["a", "b"] and list(worst["unit"]) == ["h", "g"]
    assert rankings.laggard_note({"g", "h"}) == "深灰色为后2位"


def test_rate_bars_tie_on_the_value_as_shown():
    table = pd.DataFrame({"unit": list("abcde"), "on_time_rate": [0.99, 0.98, 0.97, 0.95004, 0.94996],
                          "due": [20, 20, 20, 30, 20]}, dtype=object)
    bars, red, note = timeliness.rate_bars(table, "on_time_rate", "due", "应办结")
    assert red == {"d", "e"} and list(bars["text"][-2:]) == ["95.0%（30件）", "95.0%（20件）"]
    assert note == "括号内为应办结件数"
    table["on_time_rate"] = [0.99, 0.95004, 0.95, 0.94996, 0.90]
    assert timeliness.rate_bars(table, "on_time_rate", "due", "应办结")[1] == {"e"}  # b, c, d tie across the middle


def test_red_and_black_lists_keep_ties_together():
    table = pd.DataFrame({"unit": list("abcdef"), "rank": [1, 1, 3, 4, 4, 6]})
    best, worst = rankings.red_and_black(table, 2)
    assert list(best["unit"]) == ["a", "b"] and list(worst["unit"]) == ["f", "e", "d"]  # d and e tie for 4th: both
    best, worst = rankings.red_and_black(pd.DataFrame({"unit": list("abcd"), "rank": [1] * 4}), 5)
    assert best.empty and worst.empty


def _bars(values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"label": list(values), "value": list(values.values())})


def test_rate_takeaway_names_tied_units_together():
    denominators = pd.Series({"甲局": 40, "乙局": 30, "丙局": 20, "丁局": 20})
    takeaway = takeaways.rate_takeaway(_bars({"甲局": 1.0, "乙局": 0.95, "丙局": 0.95}), "按时办结率", denominators,
                                      "应办结", 10)
    assert takeaway == "按时办结率最低的是乙局、丙局（并列，均为95.0%），最高的是甲局（100.0%）。"
    assert takeaways.rate_takeaway(_bars({"甲局": 0.95, "乙局": 0.95}), "按时办结率", denominators, "应办结", 10) == \
        "参与比较的2个单位按时办结率均为95.0%。"
    many = takeaways.rate_takeaway(_bars({"甲局": 1.0, "乙局": 1.0, "丙局": 1.0, "丁局": 1.0, "戊局": 0.5}), "按时办结率",
                                  pd.Series(20, index=["甲局", "乙局", "丙局", "丁局", "戊局"]), "应办结", 10)
    assert many == "按时办结率最低的是戊局（50.0%，应办结20件），最高的是甲局、乙局、丙局等4个单位（并列，均为100.0%）。"


def test_best_and_worst_names_tied_units_together():
    ranked = pd.DataFrame({"unit": ["甲镇", "乙镇", "丙镇"], "score": [97.0, 97.0, 40.0], "rank": [1, 1, 3]})
    assert takeaways.best_and_worst(ranked, "乡镇（街道）", 10) == \
        "乡镇（街道）中，综合得分最高的是乙镇、甲镇（并列，均为97.0分），最低的是丙镇（40.0分）。"  # names in a fixed order
    ranked["score"], ranked["rank"] = 80.0, 1
    assert takeaways.best_and_worst(ranked, "乡镇（街道）", 10) == "乡镇（街道）中，参与排名的3个单位综合得分均为80.0分。"


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
        assert rankings.laggards(bars["label"], bars["value"].round(1)) == {"丙镇", "丁镇"}

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
    # the tied last two are the 黑榜, in dark grey, the tied first two the 红榜, in the red of its heading
    assert {label for label, colour in zip(bars["y"], bars["marker"]["color"]) if colour == charts.INK} == {"丙镇", "丁镇"}
    assert {label for label, colour in zip(bars["y"], bars["marker"]["color"]) if colour == charts.RED} == {"甲镇", "乙镇"}
    assert json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["xaxis"]["range"] == [0, 100]
    # 受理同比 is a signed change (+3.4%), the rates plain percentages
    columns = json.loads(app.dataframe[-1].proto.columns)
    assert columns["received_yoy"]["type_config"]["format"] == "%+.1f%%"
    assert columns["on_time_rate"]["type_config"]["format"] == "%.1f%%"
    st.cache_data.clear()
    st.cache_resource.clear()


LATE_OF_EIGHT = {"一镇": 0, "二镇": 1, "三镇": 2, "四镇": 3, "五镇": 5, "六镇": 5, "七镇": 6, "八镇": 8}


def _eight_rows() -> list[list[str]]:
    """Eight townships of 20 cases each, received 2012-03-01, each with its own department; the
    first LATE_OF_EIGHT[town] closed late (05-15, 不满意), the rest on time (03-05, 满意). Scores
    fall with the late count, so 五镇 and 六镇 tie for 5th place: with lists of 3, the 黑榜 is 八镇,
    七镇 and both of them."""
    rows = []
    for town, late in LATE_OF_EIGHT.items():
        for i in range(20):
            closed, answer = ("2012-05-15", "不满意") if i < late else ("2012-03-05", "满意")
            rows.append([f"{town}{i:02d}", "2012-03-01", town, f"{town[0]}局", closed, answer])
    return rows


@pytest.fixture(scope="module")
def eight_db(tmp_path_factory):
    return imported_database(tmp_path_factory.mktemp("eight"), "eight.csv",
                             ["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "回访结果"], _eight_rows())


def _marked(figure: dict | object, colour: str) -> set:
    bars = figure["data"][0] if isinstance(figure, dict) else figure.data[0]
    return {label for label, shown in zip(bars["y"], bars["marker"]["color"]) if shown == colour}


def _footnote(figure) -> str:
    layout = figure["layout"] if isinstance(figure, dict) else figure.layout.to_plotly_json()
    return next(note["text"] for note in layout["annotations"] if note.get("name") == "footnote").replace("<br>", "")


def test_overview_rankings_page_and_briefing_mark_the_same_lists(eight_db, monkeypatch):
    black, red = {"五镇", "六镇", "七镇", "八镇"}, {"一镇", "二镇", "三镇"}
    period = {"period": "custom", "from": "2012-03-01", "to": "2012-05-31"}
    overview_page = open_dashboard(eight_db, monkeypatch, "pages/overview.py", **period)
    ranking_page = open_dashboard(eight_db, monkeypatch, "pages/rankings.py", **period)
    shown = [json.loads(app.get("plotly_chart")[index].proto.spec)
             for app, index in ((overview_page, 1), (ranking_page, 0))]
    con = db.open_reader(eight_db)
    try:
        view = filters.view_of(filters.read_choices(con), Period(dt.date(2012, 3, 1), dt.date(2012, 5, 31)))
        built = pack.build(con, view, {"county": "八镇县"}, metrics.Policy(), rankings.RankingRule.from_config(),
                           made_on=dt.date(2012, 6, 1))
        best, worst = rankings.red_and_black(rankings.ranking(con, view.scope, "township",
                                                              rankings.RankingRule.from_config(), metrics.Policy()))
    finally:
        con.close()
    printed = next(e.figure for e in built.exhibits if e.spec.title == "各乡镇（街道）综合得分排名")
    for figure in (*shown, printed):
        assert _marked(figure, charts.INK) == black and _marked(figure, charts.RED) == red
        assert "红色为红榜（前3名），深灰色为黑榜（后3名），并列第5位的五镇、六镇均列入黑榜" in _footnote(figure)
    assert set(worst["unit"]) == black and set(best["unit"]) == red
    assert "#### 黑榜 后3名（含并列共4个）" in [block.value for block in ranking_page.markdown]
    on_time = next(e.figure for e in built.exhibits if e.spec.title == "各承办部门按时办结率")
    assert _marked(on_time, charts.INK) == {"五局", "六局", "七局", "八局"}
    assert "深灰色为后3位（含并列共4个）" in _footnote(on_time)
    st.cache_data.clear()
    st.cache_resource.clear()


def test_rate_bars_keep_their_labels_short_and_say_what_the_bracket_counts():
    """A half-width chart at 1366 has room for its bars only if the bar ends are short: the count
    alone in the bracket, its meaning in the footnote; assumed deadlines named once when every
    unit's were assumed, per bar where only some units had any."""
    table = pd.DataFrame({"unit": ["甲局", "乙局"], "on_time_rate": [0.99, 0.95], "due": [1020, 40],
                          "deadlines_assumed": [1020, 40]}, dtype=object)
    bars, _, note = timeliness.rate_bars(table, "on_time_rate", "due", "应办结", assumed="deadlines_assumed")
    assert list(bars["text"]) == ["99.0%（1,020件）", "95.0%（40件）"]
    assert note == "括号内为应办结件数，各单位办理期限均按规则推定（导出文件未载明）"
    table["deadlines_assumed"] = [12, 0]
    bars, _, note = timeliness.rate_bars(table, "on_time_rate", "due", "应办结", assumed="deadlines_assumed")
    assert list(bars["text"]) == ["99.0%（1,020件，推定12件）", "95.0%（40件）"]
    assert note == "括号内为应办结件数，“推定”为其中按规则推定期限的件数"
