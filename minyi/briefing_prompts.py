"""存在问题 and 下步工作建议: the end of a county 汇报, drawn from the data.

The data can name the units, cases and categories; the measures are for the office to decide, so
each suggestion is a prompt a secretary edits (on the 简报 page), built around the numbers. Counts
in this prose carry no thousands commas (briefing.prose_count), as in the rest of the briefing.
"""

from __future__ import annotations

import pandas as pd

from minyi import formatting
from minyi.briefing import listed_names, prose_count
from minyi.takeaways import NAMED_TIED, notable_rises, points_text

ADVICE = {
    "laggards_problem": "综合得分排名靠后的，{groups}。",
    "group": "{units}有{names}",
    "overdue_advice": "建议对超期未办结的{count}{where}逐件督办、限期办结。",
    "overdue_where": "（其中{parts}）",
    "overdue_one_unit": "（均由{unit}承办）",
    "laggards_advice": "建议对{names}等排名靠后的单位约谈提醒、限期整改。",
    "rising_advice": "建议会同主管部门对{items}等上升较多的问题开展专项治理，从源头减少同类诉求。",
    "satisfaction_advice": "建议对{names}的不满意件逐件复核，必要时重新办理。",
    "repeat_advice": "建议对重复件{count}逐件查明重复反映的原因，集中化解。",
    "low_rate_problem": "{what}较低的，{groups}，均比{whole}（{rate}）低1个百分点以上。",
    "service_advice": "建议督促{names}对照承诺时限逐件清理在办件，压缩办理环节，确保按时办结。",
    "grid_advice": "建议督促{names}加强网格事件的派遣和跟踪督办，按处置时限办结。",
    "assessment_problem": "考核评为{grade}的有{units}。",
    "assessment_advice": "建议对{names}逐项对照考核细则整改失分项目，由派出单位和所在乡镇督促落实。",
    "steady_advice": "本期各项指标未见需专门督办的问题，建议保持现有工作机制，继续做好受理、办理和回访。",
    "unjudged_advice": "本期办结率、按时办结率和满意率均无数据，无法据此判断有无需督办的问题；建议导出时带上办结时间、"
                       "回访结果等列后重新导入。",
}


def laggards_problem(blacks: dict[str, pd.DataFrame]) -> str:
    """综合得分排名靠后的，乡镇（街道）有A（88.9分）、B（89.4分），承办部门有C（90.1分）。 — the 黑榜
    of each unit kind (rankings.red_and_black, worst first), by the kind's name; "" when all are
    empty (too few ranked units, or all tie)."""
    groups = [ADVICE["group"].format(units=units, names=listed_names(
        [f"{unit}（{points_text(score)}）" for unit, score in zip(black["unit"], black["score"])]))
        for units, black in blacks.items() if not black.empty]
    return ADVICE["laggards_problem"].format(groups="，".join(groups)) if groups else ""


LOW_SATISFACTION_GAP = 0.01  # a unit is named as low when its 满意率 is at least 1 point below the whole's (see ADVICE)


def low_satisfaction(rates: pd.DataFrame, county_rate: float | None, min_rated: int, listed: int) -> pd.DataFrame:
    """Units whose 回访满意率 rests on at least `min_rated` rated cases and is LOW_SATISFACTION_GAP
    or more below the whole view's, lowest first, at most `listed` (ties at the cut all in or all
    out). `rates`: metrics.rates_by (unit, satisfaction_rate, rated)."""
    return low_rate(rates, "satisfaction_rate", "rated", county_rate, min_rated, listed)


def low_rate(rates: pd.DataFrame, rate: str, base: str, whole_rate: float | None, min_base: int,
             listed: int) -> pd.DataFrame:
    """Units whose `rate` rests on at least `min_base` (column `base`) and is LOW_SATISFACTION_GAP
    or more below the whole's, lowest first, at most `listed` (ties at the cut all in or all out)."""
    if formatting.is_missing(whole_rate):
        return rates.iloc[0:0]
    counted = rates[(rates[base] >= min_base) & rates[rate].notna()].copy()
    counted["shown"] = counted[rate].astype(float).round(3)  # as written: 93.7%
    below = counted[counted["shown"] <= round(float(whole_rate) - LOW_SATISFACTION_GAP, 3)].sort_values(["shown", "unit"])
    return below[below["shown"].rank(method="max") <= listed]


def low_rate_problem(what: str, lows: dict[str, pd.DataFrame], rate: str, whole: str, whole_rate: float) -> str:
    """按时办结率较低的，乡镇便民服务中心有河口镇便民服务中心（95.0%），均比全县（99.4%）低1个百分点以上。 —
    the units of low_rate by kind; "" when there are none."""
    groups = [ADVICE["group"].format(units=units, names=listed_names(
        [f"{unit}（{formatting.percent(value)}）" for unit, value in zip(low["unit"], low[rate])]))
        for units, low in lows.items() if not low.empty]
    if not groups:
        return ""
    return ADVICE["low_rate_problem"].format(what=what, groups="，".join(groups), whole=whole,
                                             rate=formatting.percent(whole_rate))


def low_satisfaction_problem(lows: dict[str, pd.DataFrame], whole: str, county_rate: float) -> str:
    """回访满意率较低的，乡镇（街道）有河口镇（93.7%），…，均比全县（99.5%）低1个百分点以上。 — the
    units of low_satisfaction, by kind; "" when there are none."""
    return low_rate_problem("回访满意率", lows, "satisfaction_rate", whole, county_rate)


def overdue_advice(count: int, by_unit: pd.DataFrame, named: int = NAMED_TIED) -> str:
    """建议对超期未办结的52件（其中县住建局12件、县发改局8件）逐件督办… — the units holding most of
    the backlog named, at most `named`, tied units together or not at all (`by_unit`: unit,
    overdue_open); "" without overdue cases."""
    if not count:
        return ""
    top = by_unit[by_unit["overdue_open"] > 0].sort_values(["overdue_open", "unit"], ascending=[False, True])
    named_units = top[(-top["overdue_open"]).rank(method="max") <= named]  # ties at the cut all in or all out
    parts = [f"{unit}{prose_count(n)}" for unit, n in zip(named_units["unit"], named_units["overdue_open"])]
    where = (ADVICE["overdue_where"].format(parts=listed_names(parts)) if len(top) > 1 and parts else
             ADVICE["overdue_one_unit"].format(unit=top["unit"].iloc[0]) if len(top) == 1 else "")
    return ADVICE["overdue_advice"].format(count=prose_count(count), where=where)


def laggards_advice(black_units: list[str]) -> str:
    return ADVICE["laggards_advice"].format(names=listed_names(black_units)) if black_units else ""


def rising_advice(categories: pd.DataFrame) -> str:
    """The notably rising categories (notable_rises), named; "" when none. Their counts are in
    存在问题 just above."""
    chosen = notable_rises(categories)
    return ADVICE["rising_advice"].format(items=listed_names(list(chosen["unit"]))) if not chosen.empty else ""


def satisfaction_advice(low: pd.DataFrame) -> str:
    return ADVICE["satisfaction_advice"].format(names=listed_names(list(low["unit"]))) if not low.empty else ""


def repeat_advice(count) -> str:
    return ADVICE["repeat_advice"].format(count=prose_count(count)) if count and not formatting.is_missing(count) else ""
