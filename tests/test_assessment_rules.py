"""A 考核细则 that cannot be scored by is refused whole, in Chinese, naming its line; and the 考核
periods a command line or a link may name."""

from __future__ import annotations

import pytest

from minyi import periods
from minyi.__main__ import main
from minyi.assessment import rates, rules
from tests.test_assessment import SEED_RULE


def _refused(text: str) -> str:
    with pytest.raises(rules.RuleError) as refused:
        rules.parse(text, rates.available(), "bad.toml")
    return str(refused.value)


def test_a_wrong_total_is_refused_naming_the_line():
    text = SEED_RULE.replace('name = "出勤到位"\ngroup = "思想作风表现"\npoints = 5',
                             'name = "出勤到位"\ngroup = "思想作风表现"\npoints = 4')
    message = _refused(text)
    assert message.startswith("考核细则 bad.toml 第6行：大项“思想作风表现”20分，其项目合计19分，不相符")


def test_an_unknown_rate_is_refused_naming_its_line():
    text = SEED_RULE.replace('from = "grid.found_rate"', 'from = "grid.find_rate"')
    line = text.splitlines().index('from = "grid.find_rate"') + 1
    message = _refused(text)
    assert message.startswith(f"考核细则 bad.toml 第{line}行：项目“问题发现率”的数据来源“grid.find_rate”不存在")


def test_an_unknown_item_setting_is_refused_naming_its_line():
    text = SEED_RULE.replace('min_votes = 50', 'min_votes = 50\nminimum_people = 50')
    line = text.splitlines().index("minimum_people = 50") + 1
    assert _refused(text).startswith(f"考核细则 bad.toml 第{line}行：项目“群众评价满意程度”有未知的设置“minimum_people”")


def test_a_rate_that_does_not_exist_for_the_units_is_refused():
    text = SEED_RULE.replace('from = "grid.disposal_rate"', 'from = "cases.on_time_rate"')
    line = text.splitlines().index('from = "cases.on_time_rate"') + 1
    assert _refused(text).startswith(f"考核细则 bad.toml 第{line}行：项目“处置率”的数据来源“cases.on_time_rate”只能用于")


def test_grades_out_of_order_and_bad_toml_are_refused():
    text = SEED_RULE.replace("name = \"合格\"\nmin = 60", "name = \"合格\"\nmin = 90")
    assert "等次须从高到低排列" in _refused(text)
    assert _refused("units = \"team\"\n[[item]\n").startswith("考核细则 bad.toml第2行第7列：TOML 格式错误")


@pytest.mark.parametrize("text, expected", [
    ("2012", ("2012-01-01", "2012-12-31")), ("2012H1", ("2012-01-01", "2012-06-30")),
    ("2012上半年", ("2012-01-01", "2012-06-30")), ("2012年下半年", ("2012-07-01", "2012-12-31")),
    ("2012Q3", ("2012-07-01", "2012-09-30")), ("2012年第四季度", ("2012-10-01", "2012-12-31")),
])
def test_assessment_periods(text, expected):
    found = periods.assessment_period(text)
    assert (str(found.start), str(found.end)) == expected


def test_an_unknown_period_is_refused_in_chinese():
    with pytest.raises(ValueError, match="考核期间“2012M3”无法识别"):
        periods.assessment_period("2012M3")


def test_the_command_line_refuses_a_broken_rule_file_naming_the_line(demo_db, tmp_path, capsys):
    broken = tmp_path / "rules.toml"
    broken.write_text(SEED_RULE.replace('min = 60', 'min = "60"'), encoding="utf-8")
    assert main(["assess", "--period", "2011", "--rules", str(broken), "--db", str(demo_db)]) == 2
    assert "考核细则 rules.toml 第" in capsys.readouterr().err


@pytest.mark.parametrize("change, words", [
    (('name = "组织学习"', 'name = "宣传报道"'), "考核项目“宣传报道”重复"),
    (('parents = ["县教体局", "县卫健局", "县农业局", "县住建局"]', 'parents = ["县教体局", "县教体局"]'), "parents 中“县教体局”重复"),
    (('parents = ["县教体局", "县卫健局", "县农业局", "县住建局"]', 'only = ["甲镇"]'), "only 只用于 units ="),
    (('name = "宣传报道"\ngroup = "思想作风表现"\npoints = 5', 'name = "宣传报道"\ngroup = "思想作风表现"\npoints = nan'),
     "项目“宣传报道”的 points（分值） 须为不小于0的数"),
    (('name = "先进"\nmin = 85', 'name = "先进"\nmin = 185'), "等次“先进”的最低分185高于总分100"),
    (('name = "先进"\nmin = 85', 'name = "无数据"\nmin = 85'), "是无得分单位的标示，不能作等次名"),
    (('name = "合格"\nmin = 60', 'name = "先进"\nmin = 60'), "等次“先进”重复"),
    (('min_votes = 50', 'min_votes = inf'), "min_votes 须为不小于0的数"),
    (('min_votes = 50', 'min_votes = 50\nscore = "rank"'), "项目“群众评价满意程度”是民意测评，不能设 score"),
])
def test_more_rule_files_that_cannot_be_scored_by(change, words):
    old, new = change
    assert old in SEED_RULE
    assert words in _refused(SEED_RULE.replace(old, new, 1))


def test_a_misspelt_table_and_a_dotted_key_are_found_on_their_own_lines():
    text = SEED_RULE.replace("[[cap]]", "[[itme]]")
    assert _refused(text).startswith(f"考核细则 bad.toml 第{text.splitlines().index('[[itme]]') + 1}行：未知的设置“itme”")
    text = SEED_RULE.replace('from = "grid.found_rate"', 'from = "grid.found_rate"\nscore.kind = "bogus"')
    line = text.splitlines().index('score.kind = "bogus"') + 1
    assert _refused(text).startswith(f"考核细则 bad.toml 第{line}行：项目“问题发现率”的 score")


def test_linear_points_of_a_rate_where_lower_is_better_must_fall_as_it_rises():
    text = ('title = "便民服务考核"\nunits = "township"\n[[item]]\nname = "差评率"\npoints = 100\n'
            'from = "service.bad_review_rate"\nscore = { kind = "linear", zero = 0, full = 100 }\n'
            '[[grade]]\nname = "合格"\nmin = 0\n')
    with pytest.raises(rules.RuleError, match="越低越好"):
        rules.parse(text, rates.available(), "x.toml", rates.lower_is_better())
    fixed = text.replace("zero = 0, full = 100", "zero = 5, full = 0")
    assert rules.parse(fixed, rates.available(), "x.toml", rates.lower_is_better()).items[0].scoring.zero == 5


ENGLISH_RULE = """\
title = "区域投诉办理考核"
units = "township"
[[item]]
name = "按时办结率"
points = 60
from = "complaint.on_time_rate"
[[item]]
name = "满意率"
points = 40
from = "complaint.satisfaction_rate"
[[grade]]
name = "合格"
min = 0
"""


def test_another_systems_export_is_scored_with_what_it_carries(tmp_path):
    """A 311-style export (English headers, US dates, no callback column, the years 2019 and 2021 only):
    满意率 is 无数据 because no export carried it, and a year without cases lists no unit at all."""
    from minyi import db
    from minyi.assessment import inputs, scoring
    from tests.export_files import import_into, write_csv

    header = ["Unique Key", "Created Date", "Closed Date", "Borough", "Agency"]
    rows = [[f"K{i}", f"0{1 + i % 9}/1{i % 9}/{2019 if i % 2 else 2021} 09:30:00 AM",
             f"0{1 + i % 9}/2{i % 9}/{2019 if i % 2 else 2021} 10:00:00 AM", f"District {i % 3}", "DOT"]
            for i in range(80)]
    db_path = tmp_path / "db" / "m.duckdb"
    assert import_into(db_path, [write_csv(tmp_path / "311.csv", header, rows)], source="complaint").total(
        "rows_rejected") == 0
    chosen = rules.parse(ENGLISH_RULE, rates.available(), "x.toml")
    con = db.open_reader(db_path)
    try:
        units, read = inputs.gather(con, chosen, periods.year(2021))
        empty, _ = inputs.gather(con, chosen, periods.year(2020))
    finally:
        con.close()
    assert units == ["District 0", "District 1", "District 2"] and empty == []
    items = scoring.assess(chosen, units, read).items.set_index(["unit", "item"])
    assert "无数据（导出文件无回访结果列）" in items.at[("District 0", "满意率"), "detail"]
    assert items.at[("District 0", "按时办结率"), "points"] is not None
