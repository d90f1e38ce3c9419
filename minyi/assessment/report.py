"""A 考核 result as the command line prints it: JSON (one row per unit with its items, total and
等次) or a plain table."""

from __future__ import annotations

import pandas as pd

from minyi import formatting
from minyi.assessment.rules import MISSING_RULES, UNIT_KINDS, Rules
from minyi.assessment.scoring import Result
from minyi.periods import Period, assessment_label


def _number(value):
    return None if formatting.is_missing(value) else float(value)


def _rank(value):
    return None if formatting.is_missing(value) else int(value)


def payload(rules: Rules, period: Period, result: Result) -> dict:
    """Everything the JSON output holds: the rule, then one row per unit (and per 派出单位)."""
    items = result.items.set_index(["unit", "item"])

    def unit_row(row: pd.Series) -> dict:
        return {
            "unit": row["unit"],
            **({"department": row["department"]} if "department" in row else {}),
            "items": [{"item": item.name, "group": item.group, "full": item.points,
                       "points": _number(items.at[(row["unit"], item.name), "points"]),
                       "detail": items.at[(row["unit"], item.name), "detail"],
                       "caliber": items.at[(row["unit"], item.name), "caliber"] or None} for item in rules.items],
            "total": _number(row["total"]), "grade": row["grade"], "rank": _rank(row["rank"]), "note": row["note"],
            "previous_total": _number(row.get("previous_total")), "change": _number(row.get("change")),
        }

    def parent_row(row: pd.Series) -> dict:
        return {"unit": row["unit"], "teams": int(row["teams"]), "total": _number(row["total"]),
                "grade": row["grade"], "rank": _rank(row["rank"]), "note": row["note"],
                "previous_total": _number(row.get("previous_total")), "change": _number(row.get("change"))}

    return {
        "title": rules.title,
        "rules": rules.path,
        "period": {"from": str(period.start), "to": str(period.end), "label": assessment_label(period)},
        "units": rules.units,
        "missing": MISSING_RULES[rules.missing],
        "grades": [{"grade": grade.name, "min": grade.min_score} for grade in rules.grades],
        "rows": [unit_row(row) for _, row in result.units.iterrows()],
        "departments": [parent_row(row) for _, row in result.parents.iterrows()],
    }


def text(rules: Rules, period: Period, result: Result) -> str:
    """The score table: one line per unit, ranked, then the 派出单位 for team rules."""
    grades = "、".join(f"{g.name}≥{g.min_score:g}" for g in rules.grades)
    lines = [f"{rules.title}　{assessment_label(period)}　（{UNIT_KINDS[rules.units]}，{MISSING_RULES[rules.missing]}；等次：{grades}）"]
    names = [item.name for item in rules.items]
    header = ["名次", UNIT_KINDS[rules.units], *(["派出单位"] if rules.units == "team" else []),
              *(f"{item.name}({item.points:g})" for item in rules.items), "总分", "等次", "较上期", "说明"]
    rows = []
    for _, row in result.units.iterrows():
        rows.append([_shown_rank(row["rank"]), row["unit"], *([row["department"]] if rules.units == "team" else []),
                     *(_shown(row[name]) for name in names), _shown(row["total"]), row["grade"],
                     _shown_change(row.get("change")), row["note"]])
    lines.append(_aligned(header, rows) if rows else f"本期没有可考核的{UNIT_KINDS[rules.units]}：各比率项目都没有数据，也没有录入的评分。")
    if rules.units == "team":
        lines.append("\n派出单位（各工作队总分的平均分）")
        rows = [[_shown_rank(row["rank"]), row["unit"], str(row["teams"]), _shown(row["total"]), row["grade"],
                 _shown_change(row.get("change")), row["note"]] for _, row in result.parents.iterrows()]
        lines.append(_aligned(["名次", "派出单位", "工作队", "总分", "等次", "较上期", "说明"], rows))
    return "\n".join(lines)


def _shown(value) -> str:
    return "无数据" if formatting.is_missing(value) else f"{float(value):.2f}"


def _shown_rank(value) -> str:
    return "—" if formatting.is_missing(value) else str(int(value))


def _shown_change(value) -> str:
    return "—" if formatting.is_missing(value) else f"{float(value):+.2f}"


def _aligned(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join("\t".join(str(cell) for cell in line) for line in [header, *rows])
