"""The 考核 part of a briefing pack: the county's 考核细则 scored for the latest whole year, half
year or quarter inside the briefing's period (2012年1-9月: 2012年上半年), as a 考核办 reports it:
how many units reached each 等次, who scored highest and lowest, the items where most points were
lost, the 派出单位 of work teams, and the units rated lowest named under 存在问题.

Only the county's own briefing has it (a briefing of one township, department, source or category
does not list every unit's scores), and only when the rule file can be scored by.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from minyi import briefing, briefing_prompts, charts, rankings
from minyi.assessment import assess, rules, view
from minyi.exhibits import Exhibit, Section, slide_bars
from minyi.pack_sources import Part
from minyi.periods import Period, assessment_label, half_year, quarter, year
from minyi.scope import Scope


def period_within(period: Period) -> Period | None:
    """The latest whole year, else half year, else quarter lying inside `period` (None: none does)."""
    for kind in (lambda y: [year(y)], lambda y: [half_year(y, n) for n in (2, 1)],
                 lambda y: [quarter(y, n) for n in (4, 3, 2, 1)]):
        for number in range(period.end.year, period.start.year - 1, -1):
            inside = [p for p in kind(number) if period.start <= p.start and p.end <= period.end]
            if inside:
                return inside[0]
    return None


def assessment_part(con: duckdb.DuckDBPyConnection, scope: Scope, facts: dict[str, str]) -> Part | None:
    if scope.source or scope.township or scope.department or scope.category:
        return None
    assessed = period_within(scope.period)
    path = assess.rules_path()
    if assessed is None or not path.exists():
        return None
    try:
        chosen = assess.load_rules(path)
    except rules.RuleError:
        return None  # the 考核 page says what is wrong with the file; a briefing goes out without it
    result = assess.assess_period(con, chosen, assessed, with_previous=False)
    table = result.units
    scored = table[table["total"].notna()]
    if scored.empty:
        return None
    label = assessment_label(assessed)
    paragraphs = [_overview(chosen, label, table, scored)]
    lost = _most_lost(chosen, result.items)
    if lost:
        paragraphs[0] += lost
    if chosen.units == "team" and not result.parents.empty:
        paragraphs.append(_parents(result.parents))
    exhibit = _exhibit(chosen, label, table, facts)
    paragraphs.append(exhibit.takeaway)
    problems, advice = _lowest(chosen, scored, result.items)
    return Part(Section("考核情况", tuple(paragraphs), (None,) * (len(paragraphs) - 1) + (exhibit,)), problems, advice,
                source=view.source_line(facts, chosen), caliber=view.rule_line(chosen))


def _overview(chosen: rules.Rules, label: str, table: pd.DataFrame, scored: pd.DataFrame) -> str:
    best, worst = scored.iloc[0], scored.iloc[-1]
    counts = view.grade_counts(chosen, table).split("：", 1)[1]
    return (f"按《{chosen.title}》细则，{label}{len(table)}个{rules.UNIT_KINDS[chosen.units]}中{counts}；"
            f"得分最高的是{best['unit']}（{best['total']:.2f}分），最低的是{worst['unit']}（{worst['total']:.2f}分）。")


def _most_lost(chosen: rules.Rules, items: pd.DataFrame) -> str:
    """失分较多的项目是…（平均失4.10分）: the two items with most points lost on average."""
    lost = items.dropna(subset=["lost"]).groupby("item")["lost"].mean().sort_values(ascending=False)
    lost = lost[lost >= 0.5].head(2)
    if lost.empty:
        return ""
    return "失分较多的项目是" + "、".join(f"{item}（平均失{points:.2f}分）" for item, points in lost.items()) + "。"


def _parents(parents: pd.DataFrame) -> str:
    ranked = parents[parents["total"].notna()]  # in rank order
    text = (f"派出单位中，{ranked.iloc[0]['unit']}得分最高（{ranked.iloc[0]['total']:.2f}分，{ranked.iloc[0]['grade']}）"
            if len(ranked) else "派出单位均无得分")
    capped = [f"{row['unit']}：{row['capped']}" for _, row in parents.iterrows() if row["capped"]]
    without = parents.loc[parents["teams"] == 0, "unit"].tolist()
    tail = [*capped, *([f"{'、'.join(without)}未派工作队，不评等次"] if without else [])]
    return text + ("；" + "；".join(tail) if tail else "") + "。"


def _exhibit(chosen: rules.Rules, label: str, table: pd.DataFrame, facts: dict[str, str]) -> Exhibit:
    unit_name = rules.UNIT_KINDS[chosen.units]
    marks, lists = rankings.list_marks(table)
    bars = view.total_bars(table)
    spec = charts.ChartSpec(f"各{unit_name}考核总分", f"{chosen.title} · {label}", view.source_line(facts, chosen),
                            "；".join(filter(None, (view.rule_line(chosen), lists))))
    options = {"value_format": "points", "highlight": marks}
    best, worst = rankings.red_and_black(table)
    named = [f"列入{listed}的是{briefing.listed_names(units['unit'].tolist())}" for listed, units in
             (("红榜", best), ("黑榜", worst)) if len(units)]
    takeaway = f"{label}各{unit_name}考核总分" + ("，" + "；".join(named) if named else "见图") + "。"
    # not printed in Word: its text names the 红黑榜 and the 考核表 (xlsx) holds every score, while a
    # dozen tall bars would leave half a page blank before it
    return Exhibit(spec, charts.ranked_bars(bars, spec, **options), takeaway,
                   slide_bars(bars, spec, unit_name, **options), printed=False)


def _lowest(chosen: rules.Rules, scored: pd.DataFrame, items: pd.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The units rated the lowest 等次, with the items they lost most on, and the advice naming them."""
    lowest = chosen.grades[-1].name
    rated = scored[scored["grade"] == lowest]
    if rated.empty:
        return (), ()
    parts = []
    for _, row in rated.iterrows():
        own = items[(items["unit"] == row["unit"])].dropna(subset=["lost"]).sort_values("lost", ascending=False)
        where = "、".join(own[own["lost"] >= 1]["item"].head(2))
        parts.append(f"{row['unit']}（{row['total']:.2f}分" + (f"，主要失分在{where}" if where else "") + "）")
    names = briefing.listed_names(rated["unit"].tolist())
    return ((briefing_prompts.ADVICE["assessment_problem"].format(grade=lowest, units="；".join(parts)),),
            (briefing_prompts.ADVICE["assessment_advice"].format(names=names),))
