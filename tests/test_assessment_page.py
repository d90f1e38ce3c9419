"""The 考核 page as the dashboard runs it (AppTest), the 考核表 it downloads, and a rule file it
cannot score by."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from minyi import charts, db
from minyi.assessment import assess, scoring, sheet
from minyi.periods import year
from tests.dashboard_runs import figures_by_title, open_dashboard
from tests.test_assessment import MANUAL, SEED_RULE, TEAMS, seed_inputs, seed_rules


def test_the_demo_county_is_scored_by_its_shipped_rule(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/assessment.py")
    assert app.title[0].value == "考核"
    assert app.selectbox(key="assess_period").value == "2011"  # the latest whole year of the data (to 2012-09-30)
    assert "2012" not in app.selectbox(key="assess_period").options  # not over yet
    summary = " ".join(markdown.value for markdown in app.markdown)
    assert "12个工作队：" in summary and "差1个" in summary
    figure = figures_by_title(app)["各工作队考核总分"]
    layout = json.dumps(figure["layout"], ensure_ascii=False)
    assert "网格化服务管理平台事件导出及考核手工评分表" in layout and "等次：先进≥94分" in layout
    bars = figure["data"][0]
    assert dict(zip(bars["y"], bars["marker"]["color"]))["河口镇光明村工作队"] == charts.INK  # the 黑榜's last
    red, black = app.dataframe[0].value, app.dataframe[1].value
    assert list(red["rank"]) == [1, 2, 3] and black["unit"].iloc[0] == "河口镇光明村工作队"  # the 黑榜, worst first
    table = app.dataframe[2].value
    assert len(table) == 12 and list(table.columns[:6]) == ["名次", "工作队", "派出单位", "总分", "等次", "较上期"]
    # before any row is clicked, the lowest team is explained item by item
    assert "河口镇光明村工作队：总分" in summary
    items = app.dataframe[3].value
    assert list(items["item"]) == ["宣传报道", "出勤到位", "组织学习", "群众评价满意程度", "问题发现率", "处置率", "上报率",
                                 "群众满意率"]
    parents = app.dataframe[4].value
    assert parents.set_index("unit").at["县交通运输局", "grade"] == "无数据"


def test_a_period_is_chosen_in_the_address_bar(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/assessment.py", assess_period="2012H1")
    assert app.selectbox(key="assess_period").value == "2012H1"
    assert any("2012年上半年" in caption.value for caption in app.caption)
    # the invalid 民意测评 of 2011 (45 people) is not this period's
    assert all("少于50人" not in detail for detail in app.dataframe[3].value["detail"])


def test_a_link_may_name_the_period_as_shown_and_a_wrong_one_is_said(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/assessment.py", assess_period="2012年第三季度")
    assert app.selectbox(key="assess_period").value == "2012Q3"
    app = open_dashboard(demo_db, monkeypatch, "pages/assessment.py", assess_period="2030")
    assert app.selectbox(key="assess_period").value == "2011"
    assert any("链接中的考核期间“2030”" in caption.value for caption in app.caption)
    assert app.query_params["assess_period"] in ("2011", ["2011"])  # the link states what is shown


def test_a_broken_rule_file_is_shown_with_its_line_not_a_traceback(demo_db, monkeypatch, tmp_path):
    broken = tmp_path / "rules.toml"
    broken.write_text(assess.rules_path().read_text(encoding="utf-8").replace('min = 80', 'min = 95'), encoding="utf-8")
    monkeypatch.setenv("MINYI_ASSESSMENT_RULES", str(broken))
    app = open_dashboard(demo_db, monkeypatch, "pages/assessment.py")
    assert any("考核细则 rules.toml 第" in error.value and "等次须从高到低排列" in error.value for error in app.error)


def test_the_score_sheet_is_laid_out_as_filed():
    result = scoring.assess(seed_rules(), TEAMS, seed_inputs())
    book = load_workbook(io.BytesIO(sheet.workbook(seed_rules(), year(2012), result)))
    rows = [row for row in book.active.iter_rows(values_only=True)]
    assert rows[0][0] == "“坚持依靠群众、推进工作落实”长效机制工作考核考核表"
    assert rows[2][:5] == ("序号", "工作队", "派出单位", "思想作风表现", None)  # 大项 merged over its items
    assert rows[3][3] == "宣传报道\n（5分）" and rows[2][7] == "工作业绩"
    first = rows[4]
    assert first[1] in ("项沟工作队", "栗树沟工作队") and first[-4:-1] == (100.0, "先进", 1)
    jiegou = next(row for row in rows if row[1] == "界沟工作队")
    assert jiegou[3:6] == MANUAL["界沟工作队"] and jiegou[6] is None  # the invalid 民意测评 is left empty
    assert "按其余95分项目折算" in jiegou[-1]
    assert any(row[1] == "县卫健局" and row[4] == "合格" for row in rows)  # the 派出单位, capped
    assert rows[-1][0].startswith("考核组成员（签字）")


def test_the_template_is_offered_with_what_was_entered(demo_db):
    con = db.open_reader(demo_db)
    try:
        chosen = assess.load_rules()
        book = load_workbook(io.BytesIO(assess.template_workbook(con, chosen, year(2011))))
    finally:
        con.close()
    rows = list(book.active.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 12 * 6 and all(row[7] is not None or row[8] is not None for row in rows)


def test_the_command_line_writes_the_score_sheet(demo_db, tmp_path, capsys):
    from minyi.__main__ import main

    out = tmp_path / "考核表.xlsx"
    assert main(["assess", "--period", "2012H1", "--format", "xlsx", "--out", str(out), "--db", str(demo_db)]) == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "青岚县驻村群众工作队考核考核表" and rows[1][0].startswith("考核期间：2012年上半年")
    assert sum(1 for row in rows if isinstance(row[0], int)) == 12 + 7  # the teams, then the 派出单位


def test_only_periods_the_data_spans_whole_are_offered():
    import datetime as dt

    from minyi.assessment import view

    choices = view.period_choices(dt.date(2009, 12, 31), dt.date(2012, 9, 30))  # three events on 2009-12-31
    assert list(choices)[:3] == ["2011", "2010", "2012H1"]
    assert not [code for code in choices if code.startswith("2009")] and "2012Q3" in choices and "2012Q4" not in choices


def test_the_score_sheet_heads_each_run_of_a_group_apart():
    from minyi.assessment import rates, rules

    # 出勤到位 moved to the end: 思想作风表现 | 工作业绩 | 思想作风表现
    block = '[[item]]\nname = "出勤到位"\ngroup = "思想作风表现"\npoints = 5\nfrom = "manual"\n\n'
    reordered = SEED_RULE.replace(block, "", 1).replace("[[grade]]", block + "[[grade]]", 1)
    chosen = rules.parse(reordered, rates.available())
    assert [item.name for item in chosen.items][-1] == "出勤到位"
    result = scoring.assess(chosen, TEAMS, seed_inputs())
    book = load_workbook(io.BytesIO(sheet.workbook(chosen, year(2012), result)))
    groups = next(book.active.iter_rows(min_row=3, max_row=3, values_only=True))
    assert groups[3:11] == ("思想作风表现", None, None, "工作业绩", None, None, None, "思想作风表现")


def test_a_township_rule_with_no_data_in_the_period_says_so(demo_db, monkeypatch, tmp_path):
    rule = tmp_path / "平安.toml"
    rule.write_text('title = "乡镇平安建设考核"\nunits = "township"\n[[item]]\nname = "群众安全感"\npoints = 100\n'
                    'from = "survey.safety_rate"\n[[grade]]\nname = "合格"\nmin = 0\n', encoding="utf-8")
    monkeypatch.setenv("MINYI_ASSESSMENT_RULES", str(rule))
    app = open_dashboard(demo_db, monkeypatch, "pages/assessment.py", assess_period="2010")  # the polls began in 2011
    assert any("2010年没有可考核的乡镇（街道）" in info.value for info in app.info)
    app = open_dashboard(demo_db, monkeypatch, "pages/assessment.py", assess_period="2011")
    assert len(app.dataframe[2].value) == 16  # every township polled in 2011 is scored
