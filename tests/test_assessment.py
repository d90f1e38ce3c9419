"""考核: the seed's rule (篇五) scores a set of work teams and their 派出单位 exactly as by hand, and
a rule file that cannot be scored by is refused with the line named."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from minyi.__main__ import main
from minyi.assessment import points, rates, rules, scoring

# The seed's rule as written: 思想作风表现 20 (宣传报道, 组织学习, 出勤到位 5 each, entered by hand;
# 群众评价满意程度 5 from a 民意测评 of at least 50 people, 满意5/一般满意4/不满意3 by vote share);
# 工作业绩 80, 问题发现率, 处置率, 上报率 and 群众满意率 20 each ("四方面平均分配分值", points = 20 × rate).
SEED_RULE = """\
title = "“坚持依靠群众、推进工作落实”长效机制工作考核"
units = "team"
total = 100
parents = ["县教体局", "县卫健局", "县农业局", "县住建局"]

[[group]]
name = "思想作风表现"
points = 20

[[group]]
name = "工作业绩"
points = 80

[[item]]
name = "宣传报道"
group = "思想作风表现"
points = 5
from = "manual"

[[item]]
name = "组织学习"
group = "思想作风表现"
points = 5
from = "manual"

[[item]]
name = "出勤到位"
group = "思想作风表现"
points = 5
from = "manual"

[[item]]
name = "群众评价满意程度"
group = "思想作风表现"
points = 5
from = "votes"
votes = { "满意" = 5, "一般满意" = 4, "不满意" = 3 }
min_votes = 50

[[item]]
name = "问题发现率"
group = "工作业绩"
points = 20
from = "grid.found_rate"

[[item]]
name = "处置率"
group = "工作业绩"
points = 20
from = "grid.disposal_rate"

[[item]]
name = "上报率"
group = "工作业绩"
points = 20
from = "grid.reported_in_time_rate"

[[item]]
name = "群众满意率"
group = "工作业绩"
points = 20
from = "grid.satisfaction_rate"

[[grade]]
name = "先进"
min = 85

[[grade]]
name = "合格"
min = 60

[[grade]]
name = "差"
min = 0

[[cap]]
team_grade = "差"
cannot_be = "先进"

[[team]]
name = "芦庄工作队"
department = "县教体局"
township = "河口镇"
village = "芦庄村"

[[team]]
name = "界沟工作队"
department = "县教体局"
township = "河口镇"
village = "界沟村"

[[team]]
name = "白赵工作队"
department = "县卫健局"
township = "城关街道"
village = "白赵村"

[[team]]
name = "项沟工作队"
department = "县卫健局"
township = "城关街道"
village = "项沟村"

[[team]]
name = "栗树沟工作队"
department = "县卫健局"
township = "城关街道"
village = "栗树沟村"

[[team]]
name = "王泉工作队"
department = "县农业局"
township = "河口镇"
village = "王泉村"
"""

TEAMS = ["芦庄工作队", "界沟工作队", "白赵工作队", "项沟工作队", "栗树沟工作队", "王泉工作队"]
# Hand-entered points (宣传报道, 组织学习, 出勤到位), the 民意测评 votes (满意, 一般满意, 不满意) and
# the four grid rates (发现率, 处置率, 上报率, 满意率) of each team's village.
MANUAL = {"芦庄工作队": (5, 5, 5), "界沟工作队": (4, 4, 5), "白赵工作队": (3, 3, 2), "项沟工作队": (5, 5, 5),
          "栗树沟工作队": (5, 5, 5), "王泉工作队": (5, 5, 5)}
VOTES = {"芦庄工作队": (48, 12, 0), "界沟工作队": (30, 10, 5), "白赵工作队": (20, 20, 20), "项沟工作队": (60, 0, 0),
         "栗树沟工作队": (50, 0, 0), "王泉工作队": (55, 5, 0)}
RATES = {"芦庄工作队": (0.90, 0.95, 1.00, 0.90), "界沟工作队": (0.80, 0.90, 0.85, 0.85),
         "白赵工作队": (0.50, 0.60, 0.50, 0.60), "项沟工作队": (1.0, 1.0, 1.0, 1.0),
         "栗树沟工作队": (1.0, 1.0, 1.0, 1.0), "王泉工作队": (0.80, 0.80, 0.85, 0.80)}
RATE_ITEMS = ("问题发现率", "处置率", "上报率", "群众满意率")


def seed_rules() -> rules.Rules:
    return rules.parse(SEED_RULE, rates.available(), "seed.toml")


def seed_inputs() -> scoring.Inputs:
    manual = pd.DataFrame([(team, item, value) for team, values in MANUAL.items()
                           for item, value in zip(("宣传报道", "组织学习", "出勤到位"), values)],
                          columns=["unit", "item", "points"])
    votes = pd.DataFrame([(team, "群众评价满意程度", level, count) for team, counts in VOTES.items()
                          for level, count in zip(("满意", "一般满意", "不满意"), counts)],
                         columns=["unit", "item", "level", "votes"])
    tables = {item: pd.DataFrame({"unit": list(RATES), "rate": [RATES[team][index] for team in RATES],
                                  "base": 100, "reason": None})
              for index, item in enumerate(RATE_ITEMS)}
    notes = {item: (label, "口径", False) for item, label in zip(RATE_ITEMS, ("发现率", "处置率", "上报率", "满意率"))}
    return scoring.Inputs(tables, manual, votes, notes)


def test_the_seed_rule_scores_teams_as_by_hand():
    result = scoring.assess(seed_rules(), TEAMS, seed_inputs())
    teams = result.units.set_index("unit")
    # 芦庄: 15 by hand + 民意测评 (48×5+12×4)/60 = 4.80 + 20×(0.90+0.95+1.00+0.90) = 75 → 94.80
    # 界沟: 13 + (45 votes < 50: invalid, 无数据) + 20×(0.80+0.90+0.85+0.85) = 68 → 81 of 95 → 85.26
    # 白赵: 8 + (20×5+20×4+20×3)/60 = 4.00 + 20×(0.5+0.6+0.5+0.6) = 44 → 56.00 (差)
    # 项沟, 栗树沟: 15 + 5 + 80 = 100; 王泉: 15 + (55×5+5×4)/60 = 4.92 + 65 = 84.92 → 合格
    assert teams["total"].to_dict() == {"芦庄工作队": 94.80, "界沟工作队": 85.26, "白赵工作队": 56.00,
                                        "项沟工作队": 100.00, "栗树沟工作队": 100.00, "王泉工作队": 84.92}
    assert teams["grade"].to_dict() == {"芦庄工作队": "先进", "界沟工作队": "先进", "白赵工作队": "差",
                                        "项沟工作队": "先进", "栗树沟工作队": "先进", "王泉工作队": "合格"}
    assert teams["rank"].to_dict() == {"项沟工作队": 1, "栗树沟工作队": 1, "芦庄工作队": 3, "界沟工作队": 4,
                                       "王泉工作队": 5, "白赵工作队": 6}
    assert teams.at["界沟工作队", "群众评价满意程度"] != teams.at["界沟工作队", "群众评价满意程度"]  # NaN: 无数据
    assert "按其余95分项目折算为100分制" in teams.at["界沟工作队", "note"]
    detail = result.items.set_index(["unit", "item"]).at[("界沟工作队", "群众评价满意程度"), "detail"]
    assert "共45票，少于50人，测评无效" in detail


def test_the_departments_score_the_mean_of_their_teams_and_a_bad_team_caps_them():
    parents = scoring.assess(seed_rules(), TEAMS, seed_inputs()).parents.set_index("unit")
    # 县教体局 (94.80 + 85.26) / 2 = 90.03; 县卫健局 (56 + 100 + 100) / 3 = 85.33, 先进 by score but its
    # 白赵工作队 is 差: 合格; 县农业局 84.92 (合格); 县住建局 sent no team: 无数据.
    assert parents["total"].dropna().to_dict() == {"县教体局": 90.03, "县卫健局": 85.33, "县农业局": 84.92}
    assert parents["grade"].to_dict() == {"县教体局": "先进", "县卫健局": "合格", "县农业局": "合格", "县住建局": "无数据"}
    assert "白赵工作队被评为差，按细则不得评为先进，由先进降为合格" in parents.at["县卫健局", "note"]
    assert parents.at["县住建局", "note"] == "无派驻工作队，不评等次"
    assert parents.at["县住建局", "teams"] == 0
    assert parents["rank"].dropna().to_dict() == {"县教体局": 1, "县卫健局": 2, "县农业局": 3}


def test_a_score_on_a_cut_off_reaches_that_grade():
    inputs = seed_inputs()
    votes = inputs.votes.copy()
    votes.loc[(votes["unit"] == "王泉工作队") & (votes["level"] == "满意"), "votes"] = 60
    votes.loc[(votes["unit"] == "王泉工作队") & (votes["level"] == "一般满意"), "votes"] = 0
    result = scoring.assess(seed_rules(), TEAMS, scoring.Inputs(inputs.rates, inputs.manual, votes, inputs.rate_notes))
    wangquan = result.units.set_index("unit").loc["王泉工作队"]
    assert (wangquan["total"], wangquan["grade"]) == (85.00, "先进")  # 15 + 5 + 65, exactly the 先进 cut-off


def test_an_item_without_data_is_left_out_and_the_rest_rescaled():
    inputs = seed_inputs()
    found = inputs.rates["问题发现率"].copy()
    found.loc[found["unit"] == "芦庄工作队", ["rate", "reason"]] = [None, "导入的网格事件中没有“事件来源”列"]
    tables = {**inputs.rates, "问题发现率": found}
    result = scoring.assess(seed_rules(), TEAMS, scoring.Inputs(tables, inputs.manual, inputs.votes, inputs.rate_notes))
    luzhuang = result.units.set_index("unit").loc["芦庄工作队"]
    assert luzhuang["total"] == round((94.80 - 18) * 100 / 80, 2)  # 76.80 of 80 points → 96.00
    detail = result.items.set_index(["unit", "item"]).at[("芦庄工作队", "问题发现率"), "detail"]
    assert "无数据（导入的网格事件中没有“事件来源”列）" in detail


def test_a_unit_without_any_data_has_no_total_and_no_grade():
    empty = scoring.Inputs({item: table.iloc[0:0] for item, table in seed_inputs().rates.items()},
                           seed_inputs().manual.iloc[0:0], seed_inputs().votes.iloc[0:0], seed_inputs().rate_notes)
    result = scoring.assess(seed_rules(), TEAMS, empty)
    assert result.units["total"].isna().all() and set(result.units["grade"]) == {"无数据"}
    assert set(result.units["note"]) == {"各项均无数据，不评等次"}
    assert set(result.parents["grade"]) == {"无数据"}


def test_a_rate_item_explains_where_its_points_went():
    result = scoring.assess(seed_rules(), TEAMS, seed_inputs())
    detail = result.items.set_index(["unit", "item"]).at[("界沟工作队", "处置率"), "detail"]
    assert detail.startswith("处置率90.00%（基数100）；得分＝分值×比率，得18.00分，失2.00分")


@pytest.mark.parametrize("scoring_rule, rate, expected", [
    ({"kind": "linear", "zero": 60, "full": 95}, 0.775, 10.0),      # halfway between 60% and 95%
    ({"kind": "linear", "zero": 60, "full": 95}, 0.50, 0.0),
    ({"kind": "target", "target": 99, "deduct": 2}, 0.99, 20.0),     # at the target: full marks
    ({"kind": "target", "target": 99, "deduct": 2}, 0.965, 15.0),    # 2.5 points short × 2
    ({"kind": "target", "target": 99, "deduct": 2}, 0.50, 0.0),      # never below 0
])
def test_declared_point_rules(scoring_rule, rate, expected):
    assert points.Scoring.from_rule(scoring_rule).points(rate, 20) == pytest.approx(expected)


def test_a_rank_is_a_place_among_the_units_assessed_only():
    text = SEED_RULE.replace('from = "grid.found_rate"', 'from = "grid.found_rate"\nscore = { kind = "rank", last = 0.5 }')
    inputs = seed_inputs()
    found = pd.concat([inputs.rates["问题发现率"], pd.DataFrame({"unit": ["别的工作队"], "rate": [0.99], "base": [100],
                                                             "reason": [None]})], ignore_index=True)
    result = scoring.assess(rules.parse(text, rates.available()), TEAMS,
                            scoring.Inputs({**inputs.rates, "问题发现率": found}, inputs.manual, inputs.votes,
                                           inputs.rate_notes))
    detail = result.items.set_index(["unit", "item"]).at[("项沟工作队", "问题发现率"), "detail"]
    assert "第1名（共6个）" in detail  # 别的工作队 is not assessed: it takes no place


def test_a_rank_rule_shares_points_by_place_with_ties_on_the_better_place():
    scoring_rule = points.Scoring.from_rule({"kind": "rank", "last": 0.5})
    places = points.ranks(pd.Series([0.95, 0.90, 0.90, 0.80]))
    assert places.tolist() == [1, 2, 2, 4]
    assert [scoring_rule.points(0, 20, rank=int(place), ranked=4) for place in places] == pytest.approx(
        [20, 20 - 10 / 3, 20 - 10 / 3, 10])


def test_the_command_line_scores_the_demo_county_by_its_shipped_rule(demo_db, capsys):
    assert main(["assess", "--period", "2011", "--format", "json", "--db", str(demo_db)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["title"] == "青岚县驻村群众工作队考核" and printed["period"]["label"] == "2011年"
    assert len(printed["rows"]) == 12 and all(len(row["items"]) == 8 for row in printed["rows"])
    ranked = [row for row in printed["rows"] if row["rank"] is not None]
    assert [row["rank"] for row in ranked] == sorted(row["rank"] for row in ranked)
    found = next(item for item in printed["rows"][0]["items"] if item["item"] == "问题发现率")
    assert found["detail"].startswith("网格发现率") and found["caliber"].startswith("发现率=")
    traffic = next(row for row in printed["departments"] if row["unit"] == "县交通运输局")
    assert (traffic["total"], traffic["grade"], traffic["teams"]) == (None, "无数据", 0)


def test_caps_give_the_lowest_grade_any_of_them_allows_in_any_order():
    grades = ('[[grade]]\nname = "优秀"\nmin = 90\n[[grade]]\nname = "良好"\nmin = 80\n'
              '[[grade]]\nname = "一般"\nmin = 60\n[[grade]]\nname = "较差"\nmin = 0\n')
    caps = ['[[cap]]\nteam_grade = "一般"\ncannot_be = "优秀"\n', '[[cap]]\nteam_grade = "较差"\ncannot_be = "良好"\n']
    base = SEED_RULE[:SEED_RULE.index("[[grade]]")] + grades
    teams = SEED_RULE[SEED_RULE.index("[[team]]"):]
    for order in (caps, caps[::-1]):
        chosen = rules.parse(base + "".join(order) + teams, rates.available())
        table = pd.DataFrame({"unit": ["甲", "乙", "丙"], "grade": ["优秀", "一般", "较差"]})
        assert scoring._capped(chosen, "优秀", table)[0] == "一般"


def test_a_total_resting_on_too_few_points_is_not_given():
    inputs = seed_inputs()
    tables = {item: table[table["unit"] != "芦庄工作队"] for item, table in inputs.rates.items()}
    votes = inputs.votes[inputs.votes["unit"] != "芦庄工作队"]
    result = scoring.assess(seed_rules(), TEAMS, scoring.Inputs(tables, inputs.manual, votes, inputs.rate_notes))
    luzhuang = result.units.set_index("unit").loc["芦庄工作队"]  # only the 15 hand-scored points: not a 100
    assert pd.isna(luzhuang["total"]) and luzhuang["grade"] == "无数据"
    assert "有数据的项目仅15分，不足总分的50%" in luzhuang["note"]


def test_a_rate_on_too_few_records_scores_nothing():
    inputs = seed_inputs()
    found = inputs.rates["问题发现率"].copy()
    found.loc[found["unit"] == "芦庄工作队", "base"] = 1
    result = scoring.assess(seed_rules(), TEAMS, scoring.Inputs({**inputs.rates, "问题发现率": found}, inputs.manual,
                                                               inputs.votes, inputs.rate_notes))
    detail = result.items.set_index(["unit", "item"]).at[("芦庄工作队", "问题发现率"), "detail"]
    assert "无数据（基数仅1，少于细则规定的5）" in detail


def test_no_unit_to_assess_is_an_empty_table_not_a_crash():
    result = scoring.assess(seed_rules(), [], seed_inputs())
    assert result.units.empty and result.items.empty
    assert set(result.parents["grade"]) == {"无数据"}  # the 派出单位 listed, without teams scored


def test_every_rate_family_names_its_data_source():
    from minyi.assessment import view

    for name in rates.CATALOGUE:
        assert view.SOURCE_OF_RATES[name.split(".")[0]]  # the chart's 数据来源 line knows it
