"""Scores, 等次 and ranks of the units a rule file assesses, item by item with the reason for
every point lost.

Each item gives points or none (无数据: the rate has no data, nothing was entered, the 民意测评
had too few votes). With `missing = "rescale"` (the default, as the 排名 composite does) a unit's
total is its points scaled to the full total over the items it has; with "zero" a missing item
scores 0. A team's 派出单位 scores the mean of its teams' totals (各工作队的考核总分之平均分为派驻单位的
考核评分), and a cap (a team rated 差) keeps it below a grade.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from minyi import formatting
from minyi.assessment import points
from minyi.assessment.rules import MANUAL, NO_GRADE, VOTES, Item, Rules

NOT_ENTERED = "未录入"
ITEM_COLUMNS = ["unit", "item", "group", "full", "value", "points", "lost", "detail", "caliber"]


@dataclass(frozen=True)
class Inputs:
    """What the items read, for one period: per rate item name, the rates.Rate.values table;
    the hand-entered points (unit, item, points); the 民意测评 votes (unit, item, level, votes)."""
    rates: dict[str, pd.DataFrame]
    manual: pd.DataFrame
    votes: pd.DataFrame
    rate_notes: dict[str, tuple[str, str, bool]]  # item name → (rate label, 口径, lower is better)


@dataclass(frozen=True)
class Result:
    items: pd.DataFrame     # unit, item, group, full, value, points, lost, detail, caliber (a rate's 口径)
    units: pd.DataFrame     # unit, [department], points per item, scored, available, total, grade, note, rank;
                            # in rank order (in_rank_order), as every output lists them
    parents: pd.DataFrame   # team rules only: unit, teams, total, grade, note, capped (a cap's sentence), rank


def assess(rules: Rules, units: list[str], inputs: Inputs) -> Result:
    """Score `units` (for team rules, the team names) by `rules` on `inputs`."""
    items = pd.DataFrame([row for item in rules.items for row in _item_rows(rules, item, units, inputs)],
                         columns=ITEM_COLUMNS)
    table = _totals(rules, units, items)
    parents = _parents(rules, table) if rules.units == "team" else pd.DataFrame()
    return Result(items, table, parents)


def _item_rows(rules: Rules, item: Item, units: list[str], inputs: Inputs) -> list[dict]:
    base = {"item": item.name, "group": item.group, "full": item.points, "caliber": ""}
    if item.source == MANUAL:
        entered = inputs.manual[inputs.manual["item"] == item.name].set_index("unit")["points"]
        return [{**base, "unit": unit, **_manual(item, entered.get(unit))} for unit in units]
    if item.source == VOTES:
        cast = inputs.votes[inputs.votes["item"] == item.name]
        return [{**base, "unit": unit, **_voted(item, cast[cast["unit"] == unit])} for unit in units]
    label, describe, lower = inputs.rate_notes[item.name]
    base["caliber"] = describe
    values = inputs.rates[item.name].set_index("unit")
    values = values[values.index.isin(units)]  # a rank is a place among the units assessed
    ranked = points.ranks(values["rate"], lower) if item.scoring.kind == "rank" else None
    count = int(ranked.notna().sum()) if ranked is not None else None
    rows = []
    for unit in units:
        if unit not in values.index:
            rows.append({**base, "unit": unit, "value": None, "points": None, "lost": None,
                         "detail": f"{label}：{_no_data('本期数据中没有该单位')}"})
            continue
        rate, reason = values.at[unit, "rate"], values.at[unit, "reason"]
        counted = values.at[unit, "base"]
        if not formatting.is_missing(rate) and not formatting.is_missing(counted) and counted < item.min_base:
            rate, reason = None, f"基数仅{int(counted)}，少于细则规定的{item.min_base}"
        if formatting.is_missing(rate):
            rows.append({**base, "unit": unit, "value": None, "points": None, "lost": None,
                         "detail": f"{label}：{_no_data(reason)}"})
            continue
        rank = None if ranked is None else int(ranked[unit])
        earned = round(item.scoring.points(float(rate), item.points, lower, rank, count), 2)
        place = f"，第{rank}名（共{count}个）" if rank is not None else ""
        basis = "" if formatting.is_missing(counted) else f"（基数{int(counted):,}）"
        rows.append({**base, "unit": unit, "value": float(rate), "points": earned, "lost": round(item.points - earned, 2),
                     "detail": f"{label}{float(rate):.2%}{basis}{place}；{item.scoring.describe(lower)}，"
                               f"得{earned:.2f}分" + (f"，失{item.points - earned:.2f}分" if earned < item.points else "")})
    return rows


def _no_data(reason: str | None) -> str:
    return f"无数据（{reason}），本项不计分" if reason else "无数据，本项不计分"


def _manual(item: Item, entered) -> dict:
    if formatting.is_missing(entered):
        return {"value": None, "points": None, "lost": None, "detail": f"{NOT_ENTERED}（手工评分项），本项不计分"}
    earned = float(entered)
    return {"value": earned, "points": earned, "lost": round(item.points - earned, 2),
            "detail": f"手工评分{earned:g}分（满分{item.points:g}分）"}


def _voted(item: Item, cast: pd.DataFrame) -> dict:
    counts = {level: int(cast.loc[cast["level"] == level, "votes"].sum()) for level, _ in item.votes}
    voters = sum(counts.values())
    tally = "、".join(f"{level}{count}票" for level, count in counts.items())
    if not voters:
        return {"value": None, "points": None, "lost": None, "detail": f"{NOT_ENTERED}（民意测评票数），本项不计分"}
    if voters < item.min_votes:
        return {"value": None, "points": None, "lost": None,
                "detail": f"民意测评{tally}，共{voters}票，少于{item.min_votes}人，测评无效，本项不计分"}
    earned = round(points.vote_points(counts, item.votes, item.points), 2)
    scale = "、".join(f"{level}{score:g}分" for level, score in item.votes)
    return {"value": earned, "points": earned, "lost": round(item.points - earned, 2),
            "detail": f"民意测评{tally}，共{voters}票；按得票比例计分（{scale}），得{earned:.2f}分"}


def _totals(rules: Rules, units: list[str], items: pd.DataFrame) -> pd.DataFrame:
    wide = items.pivot(index="unit", columns="item", values="points").reindex(
        index=units, columns=[i.name for i in rules.items]).apply(pd.to_numeric)
    scored = wide.sum(axis=1, min_count=1)
    full = pd.Series({item.name: item.points for item in rules.items})
    available = wide.notna().mul(full, axis=1).sum(axis=1)
    enough = available >= rules.min_available * rules.total - 1e-9  # and at least one item
    if rules.missing == "rescale":
        total = (scored * rules.total / available.where(available > 0)).where(enough & (available > 0))
    else:
        total = scored.fillna(0).where(enough & (available > 0))
    table = wide.reset_index().rename(columns={"index": "unit"})
    table["scored"], table["available"] = scored.to_numpy(), available.to_numpy()
    table["total"] = total.round(2).to_numpy()
    table["grade"] = [rules.grade_of(score) if pd.notna(score) else NO_GRADE for score in table["total"]]
    table["note"] = [_rescale_note(rules, wide.loc[unit], available[unit]) for unit in units]
    table["rank"] = table["total"].rank(ascending=False, method="min")
    if rules.units == "team":
        table.insert(1, "department", [next(t.department for t in rules.teams if t.name == unit) for unit in units])
    return in_rank_order(table)


def in_rank_order(table: pd.DataFrame) -> pd.DataFrame:
    """Best first, ties by name, units without a total last: the order every output lists them in."""
    return table.sort_values(["rank", "unit"], na_position="last", kind="stable", ignore_index=True)


def _rescale_note(rules: Rules, row: pd.Series, available: float) -> str:
    missing = [name for name, value in row.items() if pd.isna(value)]
    if not missing:
        return ""
    if not available:
        return "各项均无数据，不评等次"
    if available < rules.min_available * rules.total - 1e-9:
        return (f"缺{'、'.join(missing)}，有数据的项目仅{available:g}分，不足总分的{rules.min_available:.0%}，"
                "不计总分、不评等次")
    if rules.missing == "rescale":
        return f"缺{'、'.join(missing)}，按其余{available:g}分项目折算为{rules.total:g}分制"
    return f"缺{'、'.join(missing)}，按细则计0分"


def _parents(rules: Rules, teams: pd.DataFrame) -> pd.DataFrame:
    names = list(dict.fromkeys([*rules.parents, *(team.department for team in rules.teams)]))
    rows = []
    for name in names:
        own = teams[teams["department"] == name]
        scored = own[own["total"].notna()]
        if own.empty:
            rows.append({"unit": name, "teams": 0, "total": None, "grade": NO_GRADE, "note": "无派驻工作队，不评等次",
                         "capped": ""})
            continue
        if scored.empty:
            rows.append({"unit": name, "teams": len(own), "total": None, "grade": NO_GRADE,
                         "note": "所派工作队均无数据，不评等次", "capped": ""})
            continue
        total = round(float(scored["total"].mean()), 2)
        grade, note = _capped(rules, rules.grade_of(total), own)
        counted = f"{len(scored)}个工作队平均" + (f"（{len(own) - len(scored)}个无数据未计）" if len(scored) < len(own) else "")
        rows.append({"unit": name, "teams": len(own), "total": total, "grade": grade,
                     "note": "；".join(filter(None, (counted, note))), "capped": note})
    table = pd.DataFrame(rows, columns=["unit", "teams", "total", "grade", "note", "capped"])
    table["rank"] = pd.to_numeric(table["total"]).rank(ascending=False, method="min")
    return in_rank_order(table)


def _capped(rules: Rules, grade: str, teams: pd.DataFrame) -> tuple[str, str]:
    """The parent's grade after the caps: with a team rated `team_grade`, a grade at or above
    `cannot_be` becomes the one below it; of several caps that apply, the lowest grade they allow
    (so their order in the file does not matter)."""
    order = [g.name for g in rules.grades]
    lowest, reasons = grade, []
    for cap in rules.caps:
        flagged = teams.loc[teams["grade"] == cap.team_grade, "unit"].tolist()
        if flagged and order.index(grade) <= order.index(cap.cannot_be):
            allowed = rules.grade_below(cap.cannot_be)
            lowest = max(lowest, allowed, key=order.index)
            reasons.append(f"所派{'、'.join(flagged)}被评为{cap.team_grade}，按细则不得评为{cap.cannot_be}")
    if lowest == grade:
        return grade, ""
    return lowest, f"{'；'.join(reasons)}，由{grade}降为{lowest}"


def compared(current: Result, previous: Result) -> Result:
    """`current` with each unit's total and rank in the previous period and the change in points
    (`change`; None where either total is missing)."""
    def joined(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
        if now.empty:
            return now
        earlier = before[["unit", "total", "rank"]].rename(columns={"total": "previous_total", "rank": "previous_rank"})
        table = now.merge(earlier, on="unit", how="left")
        table["change"] = (pd.to_numeric(table["total"]) - pd.to_numeric(table["previous_total"])).round(2)
        return table
    return Result(current.items, joined(current.units, previous.units), joined(current.parents, previous.parents))
