"""The briefing pack of the hand-computed county (tests/conftest.py: _petition_rows), whole and for
one township, including a township without last year's cases. Its last receipt is on 1 September,
so 1–9月 is cut there, as on the dashboard, and compared over the same days."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from minyi import briefing_prompts, dataset, db, filters, metrics, overview, pack, rankings
from minyi.periods import Period

NINE_MONTHS = Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30))


@pytest.fixture
def hand_briefing(hand_db):
    con = db.open_reader(hand_db)
    choices = filters.read_choices(con)

    def build(period: Period = NINE_MONTHS, **chosen):
        view = filters.view_of(choices, period, **chosen)
        return pack.build(con, view, {**dataset.describe(con), "county": "手算县"}, metrics.Policy(),
                          rankings.RankingRule.from_config(),
                          made_on=dt.date(2012, 10, 8))
    yield build
    con.close()


def _text(briefing: pack.Briefing) -> str:
    return "".join(p for section in briefing.sections for p in section.paragraphs)


def test_county_briefing_reads_the_hand_computed_numbers(hand_briefing):
    briefing = hand_briefing()
    assert briefing.title == "手算县信访和投诉情况简报"
    # 141 against 200 in 2011; closed 130; on time 120 of 130 closed + 5 overdue; 满意 100 + 基本满意 20 of
    # 124 rated. 1–N月 has 环比 only for its latest month (here 9月1日, the cut: 6 against none on 8月1日,
    # so no change is stated), never for a year-to-date rate.
    assert briefing.headline == (
        "2012年1月1日至9月1日，全县共受理信访事项141件，同比下降29.5%，其中9月1日受理6件。"
        "办结130件，办结率92.2%，同比下降7.8个百分点。"
        "按时办结率88.9%（135件的办理期限均按规则推定），同比下降11.1个百分点。"
        "回访满意率96.8%（已评价124件），同比下降3.2个百分点。")
    # 新棉镇: rates 100% and 120 against 200 (volume 50 × 1.4 = 70): 35 + 25 + 30 + 7 = 97.0.
    # 回隆乡: no 2011 cases, so volume is left out: 25% × 10/21 ÷ 90% = 13.2.
    assert [part.heading for part in briefing.sections] == ["一、基本情况", "二、主要特点", "三、存在问题", "四、下步工作建议"]
    assert briefing.section("主要特点").paragraphs[1:3] == (
        "乡镇（街道）中，综合得分最高的是新棉镇（97.0分），最低的是回隆乡（13.2分）。",
        "承办部门中，综合得分最高的是县信访局（97.0分），最低的是县住建局（13.2分）。")
    assert briefing.section("存在问题").paragraphs == (
        # no 问题类别 column in the hand county's export: no sentence about categories at all
        "截至9月1日，全县超期未办结5件，上年同期为0件。",
        "综合得分排名靠后的，乡镇（街道）有回隆乡（13.2分），承办部门有县住建局（13.2分）。",
        "重复件7件，占受理量的5.0%，上年同期为0件。")
    assert [exhibit.spec.title for exhibit in briefing.exhibits] == [
        "信访和投诉受理量月度走势（与上年对比）", "各乡镇（街道）综合得分排名", "各承办部门综合得分排名",
        "各承办部门按时办结率", "各乡镇（街道）回访评价构成"]  # no category column: no one-bar （未填写） chart
    assert briefing.exhibits[0].takeaway == \
        "2012年1月1日至9月1日共受理141件，同比下降29.5%；受理最多的是3月（120件）。"
    assert briefing.exhibits[3].takeaway == "按时办结率最低的是县住建局（0.0%，应办结15件），最高的是县信访局（100.0%）。"
    assert "NaN" not in _text(briefing) and "下降-" not in _text(briefing)
    # petitions only: no 12345 system cited; the 口径 joined without a stray 。；
    assert briefing.notes_line().startswith("数据来源：手算县信访系统导出；办结率=")
    assert "。；" not in briefing.notes_line() and briefing.notes_line().endswith("受理少于10件或无可计分指标的不参与排名）。")


def test_a_month_is_compared_with_the_month_before(hand_briefing):
    # 2012年3月: 120 received (none in March 2011), against 10 in February: +1100%; its rates against
    # February's (closed 120 of 120 against 0 of 10 by 29 February).
    briefing = hand_briefing(period=Period(dt.date(2012, 3, 1), dt.date(2012, 3, 31)))
    assert briefing.headline.startswith(
        "2012年3月，全县共受理信访事项120件，上年同期无可比数据，环比上升1100.0%。"
        "办结120件，办结率100.0%，上年同期无可比数据，环比提高100.0个百分点。")
    assert briefing.comparison == "同比对比2011年3月，环比对比2012年2月"


def test_a_year_has_no_month_on_month_change(hand_briefing):
    briefing = hand_briefing(period=Period(dt.date(2011, 1, 1), dt.date(2011, 12, 31)))
    assert briefing.comparison == "同比对比2010年"
    assert "环比" not in _text(briefing) and "上一周期" not in _text(briefing)
    assert briefing.headline.startswith("2011年，全县共受理信访事项200件，上年同期无可比数据。")


def test_single_township_briefing_names_the_township_and_its_place(hand_briefing):
    briefing = hand_briefing(township="新棉镇")
    assert briefing.title == "手算县新棉镇信访和投诉情况简报"
    assert briefing.scope_label == "2012年1月1日-9月1日 · 信访和投诉 · 新棉镇"
    assert briefing.headline.startswith("2012年1月1日至9月1日，新棉镇共受理信访事项120件，同比下降40.0%，其中9月1日未受理。")
    # its place in the whole county's ranking, not a ranking of the departments within it
    assert "新棉镇综合排名列全县2个乡镇第1位（97.0分）。" in briefing.section("主要特点").paragraphs
    # no overdue case and no ranking within the township: the only problem is the repeats
    assert briefing.section("存在问题").paragraphs == ("重复件7件，占受理量的5.8%，上年同期为0件。",)
    assert briefing.section("下步工作建议").paragraphs == ("建议对重复件7件逐件查明重复反映的原因，集中化解。",)
    titles = [exhibit.spec.title for exhibit in briefing.exhibits]
    assert "各乡镇（街道）综合得分排名" not in titles and "各承办部门综合得分排名" not in titles


def test_single_department_briefing_states_its_place_among_departments(hand_briefing):
    briefing = hand_briefing(department="县住建局")
    assert briefing.title == "手算县县住建局信访和投诉情况简报"
    assert briefing.headline.startswith("2012年1月1日至9月1日，县住建局共受理信访事项21件，上年同期无可比数据，其中9月1日受理6件。")
    assert "县住建局综合排名列全县2个部门第2位（13.2分）。" in briefing.section("主要特点").paragraphs


def test_township_without_last_years_cases_has_no_invented_change(hand_briefing):
    briefing = hand_briefing(township="回隆乡")
    assert briefing.headline == (
        "2012年1月1日至9月1日，回隆乡共受理信访事项21件，上年同期无可比数据，其中9月1日受理6件。"
        "办结10件，办结率47.6%，上年同期无可比数据。"
        "按时办结率0.0%（15件的办理期限均按规则推定），上年同期无可比数据。"
        "回访满意率0.0%（已评价4件），上年同期无可比数据。")
    assert "回隆乡综合排名列全县2个乡镇第2位（13.2分）。" in briefing.section("主要特点").paragraphs


def test_a_period_without_cases_still_reports_the_overdue_backlog(hand_briefing):
    # At 30 April the 10 回隆乡 cases of 1 February (deadline 1 April, closed 1 May) are overdue;
    # at 31 March (环比) none was, and April 2011 had no cases at all.
    briefing = hand_briefing(period=Period(dt.date(2012, 4, 1), dt.date(2012, 4, 30)))
    assert briefing.headline == "2012年4月，全县未受理信访和投诉事项。"
    assert [part.heading for part in briefing.sections] == ["一、基本情况", "二、存在问题", "三、下步工作建议"]
    assert briefing.section("存在问题").paragraphs == ("截至4月30日，全县超期未办结10件，上年同期无可比数据，上月为0件。",)
    assert briefing.section("下步工作建议").paragraphs == ("建议对超期未办结的10件（均由县住建局承办）逐件督办、限期办结。",)
    assert not briefing.exhibits and briefing.appendix is None


def test_a_months_changes_name_last_month(hand_briefing):
    # March 2012: 120 received, closed and on time, 120 rated (all 满意 or 基本满意); February had 10
    # cases, none closed by its end, none rated in it but 4 (不满意, closed 1 May) rated as February's.
    briefing = hand_briefing(period=Period(dt.date(2012, 3, 1), dt.date(2012, 3, 31)))
    assert briefing.headline.endswith(
        "按时办结率100.0%（120件的办理期限均按规则推定），上年同期无可比数据，上月无可比数据。"
        "回访满意率100.0%（已评价120件），上年同期无可比数据，上月仅4件。")
    assert briefing.section("存在问题").paragraphs == ("重复件7件，占受理量的5.8%，上年同期无可比数据，上月为0件。",)


def test_a_quarters_changes_name_last_quarter(hand_briefing, hand_db):
    # 7–9月 is cut at 1 September (the last receipt): 6 received against 5 on 1 June of 4月1日–6月1日;
    # at 1 June none of the 10 late February cases was still open (closed 1 May).
    period = Period(dt.date(2012, 7, 1), dt.date(2012, 9, 30))
    briefing = hand_briefing(period=period, kind="quarter")
    assert briefing.headline == (
        "2012年7月1日至9月1日，全县共受理信访事项6件，上年同期无可比数据，上季度仅5件。"
        "办结0件，办结率0.0%，上年同期无可比数据，上季度仅5件。按时办结率暂无可计算的数据。回访满意率暂无可计算的数据。")
    assert briefing.section("存在问题").paragraphs == ("截至9月1日，全县超期未办结5件，上年同期无可比数据，上季度为0件。",)
    con = db.open_reader(hand_db)
    try:
        view = filters.view_of(filters.read_choices(con), period, kind="quarter")
        cards = overview.overview(con, view.scope, metrics.Policy()).cards
    finally:
        con.close()
    assert [(card.label, card.pop) for card in cards[:2]] == [("信访受理", "上季度仅5件"), ("办结率", "上季度仅5件")]


def test_suggestions_name_the_overdue_cases_and_the_laggards_of_the_data(hand_briefing):
    """下步工作建议 are prompts built from the numbers: the 5 overdue 回隆乡 cases (all handled by 县住建局)
    and the 黑榜 of each unit kind (the lowest-scoring township and department, 13.2分 each)."""
    briefing = hand_briefing()
    assert briefing.section("下步工作建议").paragraphs == (
        "建议对超期未办结的5件（均由县住建局承办）逐件督办、限期办结。",
        "建议对回隆乡、县住建局等排名靠后的单位约谈提醒、限期整改。",
        "建议对重复件7件逐件查明重复反映的原因，集中化解。")
    edited = briefing.with_paragraphs("下步工作建议", ["建议对回隆乡开展专项督导。", "  "])
    assert edited.section("下步工作建议").paragraphs == ("建议对回隆乡开展专项督导。",)
    assert edited.section("存在问题") == briefing.section("存在问题")


def test_features_carry_their_charts_and_the_appendix_lists_every_unit(hand_briefing):
    briefing = hand_briefing()
    basics, features = briefing.section("基本情况"), briefing.section("主要特点")
    assert [exhibit.spec.title for _, exhibit in basics.items()] == ["信访和投诉受理量月度走势（与上年对比）"]
    # the trend's total is already in 基本情况: as a feature it names the busiest month (120 on 1 March)
    assert features.items()[0] == ("从月度走势看，3月受理最多（120件）。", None)
    assert [text for text, _ in features.items()[1:]] == [exhibit.takeaway for exhibit in briefing.exhibits[1:]]
    assert briefing.appendix.header == ("名次", "乡镇（街道）", "受理量", "受理同比", "办结率", "按时办结率", "满意率",
                                        "综合得分")
    assert briefing.appendix.rows == (("1", "新棉镇", "120", "-40.0%", "100.0%", "100.0%", "100.0%", "97.0"),
                                      ("2", "回隆乡", "21", "—", "47.6%", "0.0%", "0.0%", "13.2"))


def test_kpis_are_the_five_headline_numbers_with_their_change(hand_briefing):
    briefing = hand_briefing()  # petitions only: no 投诉 card
    assert [(card.label, card.value, card.yoy) for card in briefing.kpis] == [
        ("信访受理", "141件", "-29.5%"), ("办结率", "92.2%", "-7.8个百分点"), ("按时办结率", "88.9%", "-11.1个百分点"),
        ("满意率", "96.8%", "-3.2个百分点")]


def test_masthead_only_when_the_issuing_unit_is_set(hand_briefing, monkeypatch):
    assert hand_briefing().masthead is None
    monkeypatch.setenv("MINYI_BRIEFING_ISSUE", "第3期")
    assert hand_briefing().masthead is None  # a 期号 without an issuer makes no 版头
    monkeypatch.setenv("MINYI_BRIEFING_ISSUER", "手算县信访局")
    head = hand_briefing().masthead
    assert (head.issuer, head.issue, head.date_label()) == ("手算县信访局", "第3期", "2012年10月8日")


def test_overdue_prompt_names_the_units_with_most_cases_ties_together_or_not_at_all():
    table = pd.DataFrame({"unit": ["甲局", "乙局", "丙局", "丁局", "戊局"], "overdue_open": [5, 3, 1, 1, 0]})
    assert briefing_prompts.overdue_advice(10, table) == "建议对超期未办结的10件（其中甲局5件、乙局3件）逐件督办、限期办结。"
    assert briefing_prompts.overdue_advice(10, table.head(2)) == "建议对超期未办结的10件（其中甲局5件、乙局3件）逐件督办、限期办结。"
    tied = pd.DataFrame({"unit": ["甲局", "乙局", "丙局", "丁局"], "overdue_open": [1, 1, 1, 1]})
    assert briefing_prompts.overdue_advice(4, tied) == "建议对超期未办结的4件逐件督办、限期办结。"
    assert briefing_prompts.overdue_advice(0, tied) == ""


def test_low_satisfaction_needs_a_point_below_the_whole_and_enough_rated_cases():
    rates = pd.DataFrame({"unit": ["甲镇", "乙镇", "丙镇", "丁镇", "戊镇"],
                          "satisfaction_rate": [0.90, 0.93, 0.985, 0.50, 0.93], "rated": [100, 50, 100, 5, 50]})
    low = briefing_prompts.low_satisfaction(rates, 0.995, min_rated=10, listed=2)  # 丁镇: 5 rated; 丙镇: under a point
    assert list(low["unit"]) == ["甲镇"]  # 乙镇 and 戊镇 tie for the second place: both out
    assert list(briefing_prompts.low_satisfaction(rates, 0.995, 10, 3)["unit"]) == ["甲镇", "乙镇", "戊镇"]
    assert briefing_prompts.low_satisfaction_problem({"乡镇（街道）": low}, "全县", 0.995) == \
        "回访满意率较低的，乡镇（街道）有甲镇（90.0%），均比全县（99.5%）低1个百分点以上。"
