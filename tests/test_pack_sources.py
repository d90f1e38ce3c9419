"""The briefing's 便民服务 and 网格化服务管理 sections: on the demo county they say what the county
documents report (咨询2518人次，办件8356件，按时办结率和评议满意率均达99%以上，审批事项精简49.1%) with the
ranked chart of the centres and of the townships' grid events; a briefing of one source, or of a
county without those systems, keeps to its cases."""

from __future__ import annotations

import datetime as dt

from minyi import dataset, filters, metrics, pack, rankings
from minyi.periods import Period

NINE_MONTHS = Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30))


def _briefing(con, **chosen) -> pack.Briefing:
    view = filters.view_of(filters.read_choices(con), NINE_MONTHS, kind="ytd", **chosen)
    return pack.build(con, view, dataset.describe(con), metrics.Policy(), rankings.RankingRule.from_config(),
                      made_on=dt.date(2012, 10, 8))


def test_the_county_briefing_reports_its_service_centres_and_grids(demo_reader):
    briefing = _briefing(demo_reader)
    headings = [section.heading for section in briefing.sections]
    assert headings == ["一、基本情况", "二、主要特点", "三、便民服务", "四、网格化服务管理", "五、考核情况", "六、存在问题",
                        "七、下步工作建议"]
    service = briefing.section("便民服务")
    assert service.paragraphs[0].startswith("2012年1-9月，全县受理群众咨询2518人次，办理各类服务事项8356件，同比上升")
    assert "按时办结率99." in service.paragraphs[0] and "评议满意率99." in service.paragraphs[0]
    assert service.paragraphs[1] == "县级事项目录由2011年的289项精简到2012年的147项，精简49.1%。"
    chart = service.exhibits[-1]
    assert chart.spec.title == "乡镇级服务中心按时办结率" and chart.takeaway == service.paragraphs[-1]
    assert chart.spec.scope == "2012年1-9月 · 便民服务办件 · 全县"  # not the cases' 信访和投诉
    assert service.paragraphs[-1].startswith("按时办结率最低的是河口镇便民服务中心")
    grid = briefing.section("网格化服务管理")
    assert grid.paragraphs[0].startswith("2012年1-9月，全县网格上报事件4197件")
    assert grid.paragraphs[-1].startswith("按期结案率最低的是柳溪乡")
    assert grid.exhibits[-1].spec.scope == "2012年1-9月 · 网格事件 · 全县"
    assert chart in briefing.exhibits and grid.exhibits[-1] in briefing.exhibits  # numbered, drawn, zipped


def test_the_county_briefing_reports_its_assessment_of_the_half_year(demo_reader):
    """2012年1-9月 holds 2012年上半年 as its latest whole 考核 period; the team rated 差 is a 存在问题."""
    briefing = _briefing(demo_reader)
    part = briefing.section("考核情况")
    assert part.paragraphs[0].startswith("按《青岚县驻村群众工作队考核》细则，2012年上半年12个工作队中先进")
    assert "失分较多的项目是" in part.paragraphs[0]
    assert "县交通运输局未派工作队，不评等次" in part.paragraphs[1]
    chart = part.exhibits[-1]
    assert chart.spec.title == "各工作队考核总分" and chart in briefing.exhibits
    assert part.paragraphs[-1].startswith("2012年上半年各工作队考核总分，列入红榜的是")
    problems = " ".join(briefing.section("存在问题").paragraphs)
    assert "考核评为差的有" in problems
    assert any("考核情况：总分100分＝思想作风表现20分＋工作业绩80分" in line for line in briefing.caliber)


def test_a_township_briefing_ranks_its_village_stations_and_villages(demo_reader):
    briefing = _briefing(demo_reader, township="河口镇")
    assert briefing.section("便民服务").exhibits[-1].spec.title == "村级服务中心按时办结率"
    assert "事项目录" not in "".join(briefing.section("便民服务").paragraphs)  # the county's list, not the township's
    assert briefing.section("网格化服务管理").exhibits[-1].spec.title == "各村（社区）网格事件按期结案率"
    assert briefing.section("考核情况") is None  # every unit's scores are the county's briefing's


def test_a_briefing_of_one_source_keeps_to_it(demo_reader):
    briefing = _briefing(demo_reader, source="petition")
    assert briefing.section("便民服务") is None and briefing.section("网格化服务管理") is None


def test_a_county_without_those_systems_has_no_such_sections(hand_db):
    from minyi import db

    con = db.open_reader(hand_db)
    try:
        briefing = _briefing(con)
    finally:
        con.close()
    assert briefing.section("便民服务") is None and briefing.section("网格化服务管理") is None


def test_the_closing_notes_name_each_parts_source_and_basis(demo_reader):
    briefing = _briefing(demo_reader)
    assert "政务服务平台办件导出" in briefing.source and "网格化服务管理平台事件导出" in briefing.source
    assert any(text.startswith("便民服务：办结率=") for text in briefing.caliber)
    assert any(text.startswith("网格化服务管理：发现率=") for text in briefing.caliber)


def test_lagging_centres_and_townships_are_problems_with_a_prompt(demo_reader):
    briefing = _briefing(demo_reader)
    problems = briefing.section("存在问题").paragraphs
    assert any(text.startswith("便民服务按时办结率较低的，乡镇级服务中心有河口镇便民服务中心") for text in problems)
    assert any(text.startswith("网格事件按期结案率较低的，乡镇（街道）有柳溪乡（77.8%）、河口镇") for text in problems)
    advice = briefing.section("下步工作建议").paragraphs
    assert any("柳溪乡、河口镇加强网格事件的派遣和跟踪督办" in text for text in advice)
