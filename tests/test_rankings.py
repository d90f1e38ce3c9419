"""The ranking composite, its configuration, and the 红榜/黑榜 split."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pandas as pd
import pytest

from minyi import charts, db, filters, metrics, periods, rankings
from minyi.config import RANKING_WEIGHTS, SettingError
from tests.dashboard_runs import open_dashboard
from tests.export_files import imported_database

WEIGHTS = {"on_time": 0.35, "completion": 0.25, "satisfaction": 0.30, "volume": 0.10}


def test_composite_leaves_out_missing_parts_instead_of_scoring_them_zero():
    table = pd.DataFrame({
        "on_time_rate": [1.0, 0.5], "completion_rate": [1.0, 0.5], "satisfaction_rate": [1.0, None],
        "received_yoy": [-0.4, None],
    }, dtype=object)
    scores = rankings.composite(rankings.part_scores(table), WEIGHTS)
    assert scores[0] == pytest.approx(35 + 25 + 30 + 0.10 * 70)
    assert scores[1] == pytest.approx((0.35 * 50 + 0.25 * 50) / 0.60)


def test_volume_part_is_clipped():
    table = pd.DataFrame({"on_time_rate": [None] * 3, "completion_rate": [None] * 3,
                          "satisfaction_rate": [None] * 3, "received_yoy": [3.0, 0.0, -1.0]}, dtype=object)
    assert list(rankings.part_scores(table)["volume"]) == [0.0, 50.0, 100.0]


def test_weights_come_from_one_setting(monkeypatch):
    monkeypatch.setenv("MINYI_RANKING_WEIGHTS", "on_time=1,satisfaction=1")
    assert RANKING_WEIGHTS.weights(rankings.PARTS) == {"on_time": 0.5, "completion": 0.0, "satisfaction": 0.5,
                                                       "volume": 0.0, "grid": 0.0, "service": 0.0}
    assert "按时办结率×50%" in rankings.RankingRule.from_config().describe()
    for bad in ("speed=1", "on_time=abc", "on_time=0"):
        monkeypatch.setenv("MINYI_RANKING_WEIGHTS", bad)
        with pytest.raises(SettingError, match="MINYI_RANKING_WEIGHTS"):
            RANKING_WEIGHTS.weights(rankings.PARTS)


def test_red_and_black_lists_do_not_overlap():
    table = pd.DataFrame({"unit": list("abcde"), "rank": [1, 2, 3, 4, None]})
    best, worst = rankings.red_and_black(table, 5)
    assert list(best["unit"]) == ["a", "b"] and list(worst["unit"]) == ["d", "c"]


@pytest.mark.parametrize("change, previous, rank, text", [
    (3, 5, 2, "↑3"), (-2, 1, 3, "↓2"), (0, 2, 2, "持平"), (None, None, 4, "新进"), (None, 1, None, "样本不足"),
])
def test_rank_change_text(change, previous, rank, text):
    assert rankings.rank_change_text(change, previous, rank) == text


def _near_tie_rows() -> list[list[str]]:
    """200 petitions a month per township, all closed on time; only 不满意 answers differ. August:
    A 0, B 1, C 2, D 20; September: A 2, B 1, C 0, D 0. One 不满意 in 200 moves a score by
    0.5% × 0.30 ÷ 0.90 = 0.17 points (no volume part: no 2011)."""
    unsatisfied = {"2012-08": {"A镇": 0, "B镇": 1, "C镇": 2, "D镇": 20}, "2012-09": {"A镇": 2, "B镇": 1, "C镇": 0, "D镇": 0}}
    rows = []
    for month, towns in unsatisfied.items():
        for town, bad in towns.items():
            rows += [[f"{month}{town}{i:03d}", f"{month}-02", town, "县信访局", f"{month}-05", "不满意" if i < bad else "满意"]
                     for i in range(200)]
    return rows


@pytest.fixture(scope="module")
def near_tie_db(tmp_path_factory):
    return imported_database(tmp_path_factory.mktemp("near_ties"), "near_ties.csv",
                             ["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "回访结果"], _near_tie_rows())


def test_rank_changes_within_the_tolerance_read_flat(near_tie_db):
    con = db.open_reader(near_tie_db)
    try:
        view = filters.view_of(filters.read_choices(con), periods.month(2012, 9), kind="month")
        rule = rankings.RankingRule(WEIGHTS, 10, 10, 1.0)
        table = rankings.ranking(con, view.scope, "township", rule, metrics.Policy()).set_index("unit")
        # August ranks A 1, B 2, C 3, D 4 (96.7); September C and D 1 (100.0), B 3 (99.8), A 4 (99.7)
        assert dict(table["rank"]) == {"C镇": 1, "D镇": 1, "B镇": 3, "A镇": 4}
        # A fell three places on 0.3 points, C rose two on 0.3: near-ties, 持平; D gained 3.3 points: ↑3
        assert dict(table["change"]) == {"A镇": "持平", "B镇": "持平", "C镇": "持平", "D镇": "↑3"}
        raw = rankings.ranking(con, view.scope, "township", dataclasses.replace(rule, min_move_points=0),
                               metrics.Policy()).set_index("unit")
        assert dict(raw["change"]) == {"A镇": "↓3", "B镇": "↓1", "C镇": "↑2", "D镇": "↑3"}
        assert rankings.change_note(view.scope, rule, view.comparison_note()) == \
            "名次变化与2012年8月1日-8月5日排名相比（得分变动不足1分的记为持平）"  # cut like for like at 9月5日
        year = filters.view_of(filters.read_choices(con), periods.year(2012), kind="year").scope
        assert set(rankings.ranking(con, year, "township", rule, metrics.Policy())["change"]) == {""}
        assert rankings.change_note(year, rule, "") == "按年度排名（上年即上年同期，见受理同比），不比较名次变化"
    finally:
        con.close()


def test_the_tolerance_is_a_setting(monkeypatch):
    monkeypatch.setenv("MINYI_RANK_CHANGE_MIN_POINTS", "0.5")
    assert rankings.RankingRule.from_config().min_move_points == 0.5
    assert rankings.rank_move(1, 4, 99.6, 99.1, 0.5) == 3 and rankings.rank_move(1, 4, 99.6, 99.2, 0.5) == 0
    assert rankings.rank_move(4, 1, 90.0, 99.1, 0.5) == -3 and rankings.rank_move(4, None, 90.0, None, 0.5) is None


@pytest.mark.parametrize("by, chosen, other, sentence", [
    ("township", "回隆乡", "新棉镇", "回隆乡综合排名列全县2个乡镇第2位（13.2分）。"),
    ("department", "县住建局", "县信访局", "县住建局综合排名列全县2个部门第2位（13.2分）。"),
])
def test_the_rankings_page_places_the_chosen_unit_among_all(hand_db, monkeypatch, by, chosen, other, sentence):
    # 1–9月 (cut at 1 September): 新棉镇/县信访局 97.0, 回隆乡/县住建局 13.2 (see test_app); the filter
    # stays in the link, and the ranking of its own dimension ignores it: two bars, not one
    app = open_dashboard(hand_db, monkeypatch, "pages/rankings.py", period="1–N月", month="9月", **{by: chosen})
    app.button_group(key="rank_by").set_value(by).run()
    assert chosen in str(app.query_params[by])  # the filter stays in the link
    assert sentence in [markdown.value.strip("*") for markdown in app.markdown]
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    bars = figure["data"][0]
    colors = dict(zip(bars["y"], bars["marker"]["color"]))
    assert colors == {other: charts.RED, chosen: charts.INK}  # still on the 黑榜: its grey, framed as the chosen one
    frames = dict(zip(bars["y"], zip(bars["marker"]["line"]["color"], bars["marker"]["line"]["width"])))
    assert frames[chosen] == (charts.CHOSEN, 3) and frames[other][1] == 0
    assert f"紫框为所选{rankings.STANDING_UNITS[by]}：{chosen}（列黑榜）" in json.dumps(figure["layout"], ensure_ascii=False)
    table = app.dataframe[-1]
    assert list(table.value["unit"]) == [other, chosen]
    assert charts.CHOSEN_ROW.lower() in table.proto.arrow_data.styler.styles.lower()


def test_the_place_sentence_says_which_cases_other_filters_keep(hand_db):
    con = db.open_reader(hand_db)
    try:
        view = filters.view_of(filters.read_choices(con), periods.Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)),
                               township="回隆乡", department="县住建局")
        rule = rankings.RankingRule.from_config()
        table = rankings.ranking(con, rankings.ranked_scope(view.scope, "township"), "township", rule, metrics.Policy())
    finally:
        con.close()
    # townships ranked on 县住建局's cases only (its 21, all of 回隆乡): the sentence says so
    assert rankings.place_sentence(view.scope, "township", table, rule) == \
        "回隆乡综合排名列全县1个乡镇第1位（13.2分）（按县住建局承办的事项排名）。"
    assert rankings.place_sentence(view.scope.narrowed("township", None), "township", table, rule) == ""


@pytest.mark.parametrize("link", ["department", "承办部门"])
def test_a_link_may_name_the_ranked_units_by_key_or_by_label(hand_db, monkeypatch, link):
    """?rank_by=承办部门 is what the page writes; ?rank_by=department (as typed, or as the CLI says
    it) opens the same ranking, which stays through another filter's change, and a click still switches."""
    app = open_dashboard(hand_db, monkeypatch, "pages/rankings.py", rank_by=link)
    assert app.button_group(key="rank_by").value == "department"
    assert "各承办部门综合得分排名" in json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    app.button_group(key="source").set_value("petition").run()  # another filter: the choice stays
    assert app.button_group(key="rank_by").value == "department" and not app.exception
    app.button_group(key="rank_by").set_value("township").run()
    assert app.button_group(key="rank_by").value == "township" and not app.exception


def test_grid_and_service_parts_weigh_in_when_the_weights_name_them(demo_reader):
    """MINYI_RANKING_WEIGHTS with grid and service: each township's 网格 按期结案率 and 便民服务 按时办结率
    enter its composite; the default weights rank on the cases alone, as before."""
    import datetime as dt

    from minyi import filters, metrics
    from minyi.periods import Period

    view = filters.view_of(filters.read_choices(demo_reader), Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)), kind="ytd")
    default = rankings.RankingRule.from_config()
    weights = {"on_time": 0.3, "completion": 0.2, "satisfaction": 0.2, "volume": 0.1, "grid": 0.1, "service": 0.1}
    wider = rankings.RankingRule(weights, default.min_cases, default.min_base, default.min_move_points)
    cases_only = rankings.ranking(demo_reader, view.scope, "township", default, metrics.Policy(), with_change=False)
    both = rankings.ranking(demo_reader, view.scope, "township", wider, metrics.Policy(), with_change=False)
    assert "grid_rate" not in cases_only and both["grid_rate"].notna().sum() == 16
    row = both.set_index("unit").loc["柳溪乡"]
    parts = {"on_time": row["on_time_rate"] * 100, "completion": row["completion_rate"] * 100,
             "satisfaction": row["satisfaction_rate"] * 100, "volume": row["volume_score"],
             "grid": row["grid_rate"] * 100, "service": row["service_rate"] * 100}
    assert row["score"] == pytest.approx(sum(parts[name] * weight for name, weight in weights.items()))
    assert "网格按期结案率×10%＋便民服务按时办结率×10%" in wider.describe()
    assert set(both["unit"].tail(2)) == {"柳溪乡", "河口镇"}
