"""Briefing sentences stay grammatical for rises, falls, no change and missing baselines."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from minyi import briefing, metrics, takeaways
from minyi.periods import Period


@pytest.mark.parametrize("change, text", [
    (-0.295, "同比下降29.5%"), (0.032, "同比上升3.2%"), (0.0004, "同比持平"), (None, "上年同期无可比数据"),
])
def test_count_changes(change, text):
    assert briefing.count_change("同比", change) == text


@pytest.mark.parametrize("current, earlier, text", [
    (0.995, 0.992, "环比提高0.3个百分点"), (0.90, 0.95, "环比下降5.0个百分点"), (0.99, 0.9904, "环比持平"),
    (0.99, None, "上季度无可比数据"), (None, 0.9, "上季度无可比数据"),
])
def test_rate_changes(current, earlier, text):
    assert briefing.rate_change("环比", current, earlier, pop_baseline="上季度") == text


def _row(**values) -> pd.Series:
    base = dict(received=141, closed=130, satisfied=100, basically_satisfied=20, unsatisfied=4, rated=124,
                completion_rate=130 / 141, on_time_rate=120 / 135, satisfaction_rate=120 / 124,
                overdue_open=5, repeat_cases=7, received_last_year=200, completion_rate_last_year=1.0,
                on_time_rate_last_year=1.0, satisfaction_rate_last_year=1.0, overdue_open_last_year=0,
                repeat_cases_last_year=0)
    return pd.Series({**base, **values})


def test_kpi_sentences_from_hand_computed_numbers():
    sentences = briefing.kpi_sentences(_row(), "2012年1-9月", "9月30日", "信访")
    assert sentences["received"] == "2012年1-9月，全县共受理信访事项141件，同比下降29.5%。"
    assert sentences["completion_rate"] == "办结130件，办结率92.2%，同比下降7.8个百分点。"
    assert sentences["satisfaction_rate"] == "回访满意率96.8%（已评价124件），同比下降3.2个百分点。"
    # none overdue a year earlier, when there were cases: a zero baseline, not a missing one
    assert sentences["overdue_open"] == "截至9月30日，全县超期未办结5件，上年同期为0件。"
    assert "下降-" not in "".join(sentences.values())


def test_no_cases_and_no_overdue_read_naturally():
    assert briefing.kpi_sentences(_row(received=0, overdue_open=0), "2012年3月", "3月31日", "投诉") == {
        "received": "2012年3月，全县未受理投诉。"}
    assert briefing.kpi_sentences(_row(received=0, received_last_year=0), "2012年3月", "3月31日", "投诉",
                                  subject="河口镇") == {
        "received": "2012年3月，河口镇未受理投诉。", "overdue_open": "截至3月31日，河口镇超期未办结5件，上年同期无可比数据。"}
    sentences = briefing.kpi_sentences(_row(overdue_open=0, satisfaction_rate=None), "2012年", "12月31日", "信访")
    assert sentences["overdue_open"] == "截至12月31日，全县无超期未办结件。"
    assert sentences["satisfaction_rate"] == "回访满意率暂无可计算的数据。"


def test_sentences_without_comparisons_end_cleanly():
    row = pd.Series({"received": 10, "closed": 10, "rated": 0, "completion_rate": 1.0, "on_time_rate": 0.9,
                     "satisfaction_rate": None, "overdue_open": 0, "repeat_cases": 0})
    sentences = briefing.kpi_sentences(row, "2012年3月", "3月31日", "信访")
    assert sentences["received"] == "2012年3月，全县共受理信访事项10件。"
    assert sentences["repeat_cases"] == "无重复件。"  # a zero count: one short clause, no share


def test_rated_callbacks_follow_the_overdue_unrated_caliber():
    row = pd.Series({"satisfied": 8, "basically_satisfied": 1, "unsatisfied": 1, "overdue_unrated": 2})
    assert metrics.rated(row, metrics.Policy()) == 10
    counted = metrics.Policy(count_overdue_unrated=True)
    assert metrics.rated(row, counted) == 12 and metrics.satisfaction_rate(row, counted) == pytest.approx(11 / 12)


def _ranked(rows):
    return pd.DataFrame(rows, columns=["unit", "score", "rank"])


def test_best_and_worst_units_skip_those_not_ranked():
    table = _ranked([("新棉镇", 97.0, 1.0), ("回隆乡", 13.2, 2.0), ("小乡", 99.0, None)])
    assert takeaways.best_and_worst(table, "乡镇（街道）", 10) == \
        "乡镇（街道）中，综合得分最高的是新棉镇（97.0分），最低的是回隆乡（13.2分）。"
    assert takeaways.best_and_worst(table.iloc[[0, 2]], "承办部门", 10) == "承办部门中，参与排名的仅新棉镇（97.0分）。"
    assert takeaways.best_and_worst(table.iloc[[2]], "承办部门", 10) == "承办部门受理件数均少于10件，本期不作排名。"


def _categories(rows):
    table = pd.DataFrame(rows, columns=["unit", "received", "received_earlier"])
    table["yoy"] = [metrics.change(c, e) for c, e in zip(table["received"], table["received_earlier"])]
    return table.sort_values("received", ascending=False, ignore_index=True)


def test_notable_category_rises_need_both_a_share_and_a_number():
    # A: +10 cases, +50%: named. B: +10 cases but only +10%: not. C: new with 12 cases: named.
    # D: +400% but only 4 cases more: not. E: falling.
    table = _categories([("A", 30, 20), ("B", 110, 100), ("C", 12, 0), ("D", 5, 1), ("E", 40, 80)])
    assert takeaways.category_rises(table) == \
        "同比上升较多的问题类别：C（12件，上年同期无此类）、A（30件，同比上升50.0%）。"


def test_category_sentence_without_rises_or_without_a_baseline():
    assert takeaways.category_rises(_categories([("A", 20, 20), ("B", 5, 9)])) == "各问题类别受理量同比均无明显上升。"
    assert takeaways.category_rises(_categories([("A", 20, 0), ("B", 5, 0)])) == "上年同期无可比数据，未比较各问题类别的变化。"


def test_each_source_is_stated_on_its_own_petitions_first():
    rows = pd.DataFrame({"unit": ["complaint", "petition"], "received": [3000, 141],
                         "received_last_year": [0, 200]}).set_index("unit")
    sources = [("信访", rows.loc["petition"]), ("投诉", rows.loc["complaint"])]
    assert briefing.received_sentence(sources, "2012年1-9月") == \
        "2012年1-9月，全县共受理信访事项141件，同比下降29.5%；受理投诉3000件，上年同期无可比数据。"
    # a source without cases in the view reads last, in one clause
    assert briefing.received_sentence([("信访", rows.loc["petition"].replace(141, 0)), ("投诉", rows.loc["complaint"])],
                                      "2012年3月", "河口镇") == "2012年3月，河口镇共受理投诉3000件，上年同期无可比数据；未受理信访事项。"
    # 1–N月: each source adds its latest month and that month's 环比
    latest = rows.assign(month_received=[300, 20], month_received_previous=[250, 40]).loc["petition"]
    assert briefing.received_sentence([("信访", latest)], "2012年1-9月", latest="9月") == \
        "2012年1-9月，全县共受理信访事项141件，同比下降29.5%，其中9月受理20件，环比下降50.0%。"
    assert briefing.received_sentence([("信访", latest.replace(40, 4))], "2012年1-9月", latest="9月").endswith(
        "其中9月受理20件，上月仅4件。")


def test_a_zero_count_is_one_short_clause_and_a_fall_to_zero_no_percentage():
    sentences = briefing.kpi_sentences(_row(repeat_cases=0, repeat_cases_last_year=7), "2012年1-9月", "9月30日", "信访")
    assert sentences["repeat_cases"] == "无重复件。"  # never 重复件0件，占受理量的0.0%，同比下降100.0%
    # a source down to 0 from 4 a year earlier: the earlier count, not 同比下降100.0%
    row = _row(received=0, received_last_year=4)
    assert briefing.received_sentence([("信访", _row()), ("投诉", row)], "2012年9月") == \
        "2012年9月，全县共受理信访事项141件，同比下降29.5%；未受理投诉。"
    assert briefing.changes_clause(row, "received", False) == "，上年同期4件"


def test_filters_name_the_subject_of_the_sentences():
    from minyi.scope import Scope

    period = Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30))
    assert briefing.subject_of(Scope(period)) == ("全县", "")
    assert briefing.subject_of(Scope(period, township="河口镇")) == ("河口镇", "")
    assert briefing.subject_of(Scope(period, department="县住建局")) == ("县住建局", "")
    assert briefing.subject_of(Scope(period, township="河口镇", department="县住建局", category="城乡建设")) == (
        "河口镇", "县住建局承办的城乡建设类")
    sentences = briefing.kpi_sentences(_row(), "2012年1-9月", "9月30日", "信访", subject="河口镇",
                                       qualifier="城乡建设类")
    assert sentences["received"] == "2012年1-9月，河口镇共受理城乡建设类信访事项141件，同比下降29.5%。"
    assert sentences["overdue_open"] == "截至9月30日，河口镇超期未办结5件，上年同期为0件。"


def test_a_units_place_in_the_county():
    ranked = pd.DataFrame({"unit": ["甲镇", "乙镇", "丙镇", "丁镇"], "score": [97.0, 90.0, 90.0, 50.0],
                           "rank": [1.0, 2.0, 2.0, None]})
    assert takeaways.standing_sentence("乙镇", ranked, "乡镇", 10) == "乙镇综合排名列全县3个乡镇并列第2位（90.0分）。"
    assert takeaways.standing_sentence("甲镇", ranked, "乡镇", 10) == "甲镇综合排名列全县3个乡镇第1位（97.0分）。"
    assert takeaways.standing_sentence("丁镇", ranked, "乡镇", 10) == "丁镇受理少于10件，未参与全县乡镇综合排名。"
    # 40 cases whose exports carried neither closures nor callbacks: not "too few cases"
    scored = ranked.assign(received=[120, 60, 50, 40], score=[97.0, 90.0, 90.0, None])
    assert takeaways.standing_sentence("丁镇", scored, "乡镇", 10) == \
        "丁镇本期受理40件，但无可计分的指标（办结、回访等均无数据），未参与全县乡镇综合排名。"
    assert takeaways.standing_sentence("乙镇", scored, "乡镇", 10) == "乙镇综合排名列全县3个乡镇并列第2位（90.0分）。"
    nobody = scored.assign(score=None, rank=None)
    assert takeaways.best_and_worst(nobody, "乡镇（街道）", 10).startswith("乡镇（街道）受理少于10件或无可计分的指标")
    assert takeaways.best_and_worst(nobody.assign(received=5), "乡镇（街道）", 10) == \
        "乡镇（街道）受理件数均少于10件，本期不作排名。"
    # only the （未填写） group has enough cases: it is never ranked, so the reason is too few cases
    blank = nobody.assign(received=[5, 5, 5, 40], unit=["甲镇", "乙镇", "丙镇", "（未填写）"])
    assert takeaways.best_and_worst(blank, "乡镇（街道）", 10) == "乡镇（街道）受理件数均少于10件，本期不作排名。"


def test_trend_takeaway_names_the_busiest_month_of_the_period():
    series = pd.DataFrame({"year": [2011, 2012, 2012, 2012], "month": [5, 2, 3, 9], "value": [200, 10, 120, 6]})
    row = _row(received=141, received_previous=200)
    assert takeaways.trend_takeaway(series, row, Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30))) == \
        "2012年1-9月共受理141件，同比下降29.5%，环比下降29.5%；受理最多的是3月（120件）。"
    # prose writes no thousands commas and 至 between days
    assert takeaways.trend_takeaway(series.assign(value=series["value"] * 100), _row(received=14100),
                                   Period(dt.date(2012, 1, 1), dt.date(2012, 9, 15))).startswith(
        "2012年1月1日至9月15日共受理14100件，同比上升6950.0%")
    # the chart runs from January, but 6-9月 must not quote March
    assert takeaways.trend_takeaway(series, row, Period(dt.date(2012, 6, 1), dt.date(2012, 9, 30))).endswith(
        "受理最多的是9月（6件）。")
    # a period across the new year names the year of a month before it
    assert takeaways.trend_takeaway(series, row, Period(dt.date(2011, 5, 1), dt.date(2012, 2, 29))).endswith(
        "受理最多的是2011年5月（200件）。")
    # months tied at the top are named together, as the 主要特点 sentence names them
    tied = pd.DataFrame({"year": [2012] * 3, "month": [7, 8, 9], "value": [4404, 4404, 3000]})
    assert takeaways.trend_takeaway(tied, _row(received=11808), Period(dt.date(2012, 7, 1), dt.date(2012, 9, 30))
                                    ).endswith("受理最多的是7月、8月（均为4404件）。")


def test_rate_takeaway_ignores_rates_resting_on_a_few_cases():
    bars = pd.DataFrame({"label": ["甲局", "乙局", "丙局"], "value": [1.0, 0.95, 0.0]})
    due = pd.Series({"甲局": 40, "乙局": 20, "丙局": 1})
    assert takeaways.rate_takeaway(bars, "按时办结率", due, "应办结", 10) == \
        "按时办结率最低的是乙局（95.0%，应办结20件），最高的是甲局（100.0%）。"
    assert takeaways.rate_takeaway(bars, "按时办结率", due, "应办结", 30) == "按时办结率：甲局为100.0%（应办结40件）。"
    assert takeaways.rate_takeaway(bars, "满意率", due, "已评价", 50) == "各单位已评价件数均少于50件，满意率不作高低比较。"


def test_share_takeaway_names_the_largest_and_the_steepest_rise():
    table = _categories([("城乡建设", 50, 40), ("劳动社保", 30, 20), ("教育", 20, 25)])
    assert takeaways.share_takeaway(table) == \
        "受理最多的是“城乡建设”，占50.0%；同比增加最多的是“劳动社保”（30件，同比上升50.0%）。"  # +10 each: the steeper
    # 1 → 5 is +400% but only 4 cases: not news, as in category_rises
    assert takeaways.share_takeaway(_categories([("甲", 50, 49), ("乙", 5, 1)])) == \
        "受理最多的是“甲”，占90.9%；各类别同比均无明显上升。"
    assert takeaways.share_takeaway(_categories([("甲", 50, 49), ("新类", 12, 0)])).endswith("新出现“新类”类问题12件。")
    # categories tied at the top are named together
    assert takeaways.share_takeaway(_categories([("党纪政纪", 5, 5), ("劳动社保", 5, 5), ("其他", 2, 2)])
                                    ).startswith("受理最多的是“党纪政纪”“劳动社保”（并列，各占41.7%）；")


def test_tied_units_are_not_called_best_and_worst():
    table = _ranked([("甲", 100.0, 1.0), ("乙", 100.0, 1.0)])
    assert takeaways.best_and_worst(table, "承办部门", 10) == "承办部门中，参与排名的2个单位综合得分均为100.0分。"
