"""What the 考核 page shows, as tables: the periods it offers, the score table, one unit's items
and the counts of each 等次. Streamlit-free, so tests read the same tables the page draws."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from minyi import formatting, view_cache
from minyi.assessment import assess, rules, scoring
from minyi.assessment.rules import MISSING_RULES, UNIT_KINDS
from minyi.periods import (
    Period,
    assessment_label,
    assessment_period,
    half_year,
    quarter,
    year,
)

KINDS = {"year": "年度", "half": "半年", "quarter": "季度"}


def period_choices(first: dt.date | None, last: dt.date | None) -> dict[str, str]:
    """Code (2011, 2012H1, 2012Q3) → label of every whole year, half year and quarter between the
    data's first and last day, newest first within each kind, years first. A period the data does
    not span from its first day to its last is left out: its 考核 would score part of it as if it
    were all."""
    if first is None or last is None:
        return {}
    choices = {}
    for kind, count, make, suffix in (("year", 1, lambda y, n: year(y), lambda n: ""),
                                      ("half", 2, half_year, lambda n: f"H{n}"),
                                      ("quarter", 4, quarter, lambda n: f"Q{n}")):
        for number_year in range(last.year, first.year - 1, -1):
            for number in range(count, 0, -1):
                period = make(number_year, number)
                if first <= period.start and period.end <= last:  # data through the whole period
                    choices[f"{number_year}{suffix(number)}"] = assessment_label(period)
    return choices


def code_of(asked: str | None, choices: dict[str, str]) -> str | None:
    """The choice a link names, by its code or its label; None for anything else."""
    if asked in choices:
        return asked
    return next((code for code, label in choices.items() if label == asked), None)


@view_cache.memoised
def scored(con: duckdb.DuckDBPyConnection, rules_text: str, rules_name: str, code: str) -> scoring.Result:
    """The rule file's text scored for the period `code`, with the previous period's totals
    beside; memoised per snapshot and rule text (an edited rule file is scored anew)."""
    chosen = assess.parse_rules(rules_text, rules_name)
    return assess.assess_period(con, chosen, assessment_period(code))


def total_bars(table: pd.DataFrame) -> pd.DataFrame:
    """Bar rows for charts.ranked_bars: the units with a total, best first, total and 等次 at the bar end."""
    ranked = table[table["rank"].notna()]
    return pd.DataFrame({"label": ranked["unit"], "value": ranked["total"],
                         "text": [f"{total:.2f}分　{grade}" for total, grade in zip(ranked["total"], ranked["grade"])]})


def grade_counts(chosen: rules.Rules, units: pd.DataFrame) -> str:
    """12个工作队：先进3个、合格8个、差1个，平均91.23分 (and 无数据 when some have no total)."""
    counts = units["grade"].value_counts()
    names = [grade.name for grade in chosen.grades] + [rules.NO_GRADE]
    parts = "、".join(f"{name}{int(counts[name])}个" for name in names if counts.get(name))
    totals = pd.to_numeric(units["total"], errors="coerce").dropna()
    mean = f"，平均{totals.mean():.2f}分" if len(totals) else ""
    return f"{len(units)}个{UNIT_KINDS[chosen.units]}：{parts}{mean}"


def rule_line(chosen: rules.Rules) -> str:
    """The rule in one line, for captions and chart footnotes."""
    groups = "＋".join(f"{name}{points:g}分" for name, points in chosen.groups) or "各项目得分之和"
    grades = "、".join(f"{grade.name}≥{grade.min_score:g}分" for grade in chosen.grades)
    caps = "；".join(f"工作队评为{cap.team_grade}的派出单位不得评为{cap.cannot_be}" for cap in chosen.caps)
    parent = "；派出单位得分为所派工作队总分的平均分" if chosen.units == "team" else ""
    return "；".join(filter(None, (f"总分{chosen.total:g}分＝{groups}", MISSING_RULES[chosen.missing],
                                   f"等次：{grades}", caps))) + parent


def unit_items(chosen: rules.Rules, items: pd.DataFrame, unit: str) -> pd.DataFrame:
    """One unit's items in the rule's order: 大项, 项目, 满分, 得分 (None: 无数据), 失分, 说明, 口径."""
    own = items[items["unit"] == unit].set_index("item")
    rows = [{"group": item.group or "", "item": item.name, "full": item.points,
             "points": None if formatting.is_missing(own.at[item.name, "points"]) else own.at[item.name, "points"],
             "lost": None if formatting.is_missing(own.at[item.name, "lost"]) else own.at[item.name, "lost"],
             "detail": own.at[item.name, "detail"], "caliber": own.at[item.name, "caliber"]} for item in chosen.items]
    return pd.DataFrame(rows)


def change_sentence(row: pd.Series, previous: Period) -> str:
    """较上期: the total's change against the previous period, in words."""
    if formatting.is_missing(row.get("previous_total")):
        return f"{assessment_label(previous)}无得分，不作比较"
    if formatting.is_missing(row.get("total")):
        return f"{assessment_label(previous)}得{float(row['previous_total']):.2f}分"
    change = float(row["change"])
    moved = "持平" if abs(change) < 0.005 else f"{'上升' if change > 0 else '下降'}{abs(change):.2f}分"
    rank = "" if formatting.is_missing(row.get("previous_rank")) else f"（上期第{int(row['previous_rank'])}名）"
    return f"较{assessment_label(previous)}{moved}{rank}"


ITEM_COLUMNS = {"group": "大项", "item": "项目", "full": "满分", "points": "得分", "lost": "失分", "detail": "说明",
                "caliber": "口径"}


def parent_columns() -> dict:
    import streamlit as st

    return {"rank": st.column_config.NumberColumn("名次", format="%d"), "unit": "派出单位", "teams": "工作队数",
            "total": st.column_config.NumberColumn("总分", format="%.2f"), "grade": "等次",
            "change": st.column_config.NumberColumn("较上期", format="%+.2f"), "note": "说明"}


def display_table(chosen: rules.Rules, table: pd.DataFrame) -> pd.DataFrame:
    """The score table as the page shows it: 名次, the unit (and 派出单位), each item's points,
    总分, 等次 and 较上期, under Chinese headers."""
    columns = {"rank": "名次", "unit": UNIT_KINDS[chosen.units],
               **({"department": "派出单位"} if chosen.units == "team" else {}),
               "total": "总分", "grade": "等次", "change": "较上期",  # before the items: seen without scrolling
               **{item.name: item.name for item in chosen.items}}
    shown = table.reindex(columns=list(columns)).rename(columns=columns)
    return shown


def column_config(chosen: rules.Rules) -> dict:
    import streamlit as st

    config = {item.name: st.column_config.NumberColumn(f"{item.name}（{item.points:g}）", format="%.2f")
              for item in chosen.items}
    return {**config, "名次": st.column_config.NumberColumn("名次", format="%d"),
            "总分": st.column_config.NumberColumn("总分", format="%.2f"),
            "较上期": st.column_config.NumberColumn("较上期", format="%+.2f")}


def table_height(rows: int) -> int:
    """A grid tall enough for every row up to 20 (a county's teams or townships), scrolling past."""
    return 38 + 35 * min(rows, 20)


def first_to_explain(table: pd.DataFrame) -> str:
    """The unit the page explains before any is clicked: the lowest scored one (where the points
    went matters most), else the first."""
    scored_units = table[table["total"].notna()]
    return (scored_units.iloc[-1] if len(scored_units) else table.iloc[0])["unit"]


def total_text(row: pd.Series) -> str:
    """总分91.23分，合格，第5名 (or 无数据)."""
    if formatting.is_missing(row["total"]):
        return f"{rules.NO_GRADE}（{row['note']}）" if row["note"] else rules.NO_GRADE
    rank = "" if formatting.is_missing(row["rank"]) else f"，第{int(row['rank'])}名"
    return f"总分{float(row['total']):.2f}分，{row['grade']}{rank}"


def score_sheet(chosen: rules.Rules, period: Period, result: scoring.Result) -> bytes:
    from minyi.assessment import sheet

    return sheet.workbook(chosen, period, result)


SOURCE_OF_RATES = {"cases": ["petition", "complaint"], "petition": ["petition"], "complaint": ["complaint"],
                   "grid": ["grid"], "service": ["service"], "survey": ["survey"]}


def source_line(facts: dict[str, str], chosen: rules.Rules) -> str:
    """Where a 考核's numbers come from: the systems its rate items read, and the 考核手工评分表
    when it has hand-scored or 民意测评 items."""
    from minyi import dataset
    from minyi.assessment.rules import MANUAL, VOTES

    sources = [source for item in chosen.rate_items() for source in SOURCE_OF_RATES[item.source.split(".")[0]]]
    entered = chosen.items_from(MANUAL) or chosen.items_from(VOTES)
    return dataset.sources_line(facts, sources, "考核手工评分表" if entered else "")
