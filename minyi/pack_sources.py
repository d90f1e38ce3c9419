"""The 便民服务 and 网格化服务管理 parts of a briefing pack, when those sources are loaded: what the
county documents report of them (受理群众咨询2518人次，办理各类服务事项8356件，按时办结率和群众评议满意率
均达99%以上; 审批事项精简49.1%; 网格事件的发现率、处置率、结案率), each with the ranked chart of its units
and the chart's takeaway. A briefing of one source or one category keeps to it, without these."""

from __future__ import annotations

import duckdb
import pandas as pd

from dataclasses import dataclass

from minyi import (briefing, briefing_prompts, charts, dataset, formatting, grid_metrics, grid_view, metrics, rankings,
                   service_metrics, service_totals, service_view, takeaways, timeliness)
from minyi.exhibits import LEFT_OUT, Exhibit, Section, slide_bars
from minyi.grid_metrics import GridPolicy
from minyi.scope import Scope
from minyi.service_metrics import ServicePolicy


@dataclass(frozen=True)
class Part:
    """A source's section of the briefing, and what it adds to 存在问题 and 下步工作建议: its units
    lagging a point or more below the whole, and a prompt naming them."""

    section: Section
    problems: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()
    source: str = ""   # its data source and 口径 for the closing notes, when not a source's of NOTES
    caliber: str = ""


def _laggards(units: pd.DataFrame, rate: str, base: str, whole: pd.Series, what: str, unit_kind: str, place: str,
              advice: str, min_cases: int, names: pd.Series | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """存在问题 and 下步工作建议 of the units of `units` whose `rate` is a point or more below the whole's."""
    named = units.assign(unit=units["unit"] if names is None else names)
    low = briefing_prompts.low_rate(named, rate, base, whole[rate], min_cases, rankings.list_size())
    problem = briefing_prompts.low_rate_problem(what, {unit_kind: low}, rate, place, whole[rate])
    if not problem:
        return (), ()
    return (problem,), (briefing_prompts.ADVICE[advice].format(names=briefing.listed_names(list(low["unit"]))),)


def _rates_sentence(row: pd.Series, before: pd.Series | None, rates: dict[str, str], bases: dict[str, str]) -> str:
    """按时办结率99.4%（同比下降0.2个百分点）、… of the rates in `rates` (column → name) that have a value."""
    parts = []
    for rate, name in rates.items():
        if formatting.is_missing(row[rate]):
            continue
        earlier = None if before is None else before[rate]
        base = None if before is None else before[bases[rate]]
        parts.append(f"{name}{formatting.percent(row[rate])}（{briefing.rate_change('同比', row[rate], earlier, base)}）")
    return "、".join(parts)


def _ranked_exhibit(table: pd.DataFrame, rate: str, base: str, spec: charts.ChartSpec, units: str, label: str,
                    base_label: str, min_cases: int, names: pd.Series | None = None) -> Exhibit | None:
    """The units ranked by a rate (those resting on at least `min_cases` records), the laggards in
    red, with the takeaway naming the lowest and the highest; None when no unit has the rate."""
    table = table[table[base] >= min_cases]
    labels = table["unit"] if names is None else names[table.index]
    bars, laggards, _ = timeliness.rate_bars(table, rate, base, base_label, labels=labels)
    if bars.empty:
        return None
    options = dict(value_format="percent", highlight=laggards, highlight_color=charts.RED)
    bases = pd.Series(table[base].to_numpy(), index=labels.to_numpy())
    return Exhibit(spec, charts.ranked_bars(bars, spec, full_list=LEFT_OUT, **options),
                   takeaways.rate_takeaway(bars, label, bases, base_label, min_cases), slide_bars(bars, spec, units, **options))


def service_part(con: duckdb.DuckDBPyConnection, scope: Scope, facts: dict[str, str], min_cases: int) -> Part | None:
    """便民服务: 咨询人次, 办件 and their rates with 同比, the 事项目录's change, and the 乡镇便民服务中心
    ranked by 按时办结率; None without 办件 in the place and period."""
    if scope.source or scope.category or not service_metrics.stored_items(con):
        return None
    policy, place = ServicePolicy.from_config(), service_view.Place(scope.township, scope.department)
    now = service_view.rates(con, scope.period, "county", place, policy)
    if now.empty:
        return None
    then = service_view.rates(con, scope.last_year().period, "county", place, policy)
    row, before = now.iloc[0], (then.iloc[0] if len(then) else None)
    visits = None if scope.department else service_totals.consultation_total(con, scope.period.start, scope.period.end,
                                                                              scope.township)
    earlier_items = None if before is None else before["items"]
    opening = (f"{scope.period.label()}，{place.label()}"
               + (f"受理群众咨询{formatting.prose_count(visits, '人次')}，" if visits else "")
               + f"办理各类服务事项{formatting.prose_count(row['items'])}，"
               + briefing.count_change("同比", metrics.change(row["items"], earlier_items or 0) if earlier_items else None,
                                       earlier_items))
    rates = _rates_sentence(row, before, {name: service_metrics.RATE_LABELS[name] for name in
                                          ("on_time_rate", "satisfaction_rate", "bad_review_rate", "online_rate")},
                            {name: service_metrics.PARTS[name][1] for name in service_metrics.RATES})
    paragraphs = [opening + (f"；{rates}。" if rates else "。")]
    if not (scope.township or scope.department):  # the county's lists, each level on its own
        paragraphs += [change.sentence(level) for level, change in service_totals.changes(con, scope.period.end.year)
                       if change.previous_year is not None]
    exhibits: list[Exhibit | None] = [None] * len(paragraphs)
    ranked_level = "村级" if scope.township else "乡镇级"
    centres = service_view.rates(con, scope.period, "centre", place, policy, level=ranked_level)
    spec = charts.ChartSpec(f"{ranked_level}服务中心按时办结率", place.scope_line(scope.period),
                            dataset.source_line(facts, "service"),
                            "；".join(filter(None, (policy.describe("on_time_rate"), f"应办结少于{min_cases}件的不列",
                                                    charts.omission_note(len(centres), "服务中心")))))
    exhibit = _ranked_exhibit(centres, "on_time_rate", "due", spec, "服务中心", "按时办结率", "应办结", min_cases)
    if exhibit is not None:
        paragraphs.append(exhibit.takeaway)
        exhibits.append(exhibit)
    problems, advice = _laggards(centres, "on_time_rate", "due", row, "便民服务按时办结率", f"{ranked_level}服务中心",
                                 place.label(), "service_advice", min_cases)
    return Part(Section("便民服务", tuple(paragraphs), tuple(exhibits)), problems, advice)


def grid_part(con: duckdb.DuckDBPyConnection, scope: Scope, facts: dict[str, str], min_cases: int) -> Part | None:
    """网格化服务管理: events and their rates with 同比, and the units one level down ranked by
    按期结案率; None without grid events in the place and period."""
    if scope.source or scope.category or not grid_metrics.stored_events(con):
        return None
    policy, place = GridPolicy.from_config(), grid_view.Place(scope.township, department=scope.department)
    now = grid_view.rates(con, scope.period.start, scope.period.end, place.level, place, policy)
    if now.empty:
        return None
    last_year = scope.last_year().period
    then = grid_view.rates(con, last_year.start, last_year.end, place.level, place, policy)
    row, before = now.iloc[0], (then.iloc[0] if len(then) else None)
    earlier = None if before is None else before["events"]
    rates = _rates_sentence(row, before, {name: grid_metrics.RATE_LABELS[name] for name in
                                          ("found_rate", "disposal_rate", "closure_rate", "closed_on_time_rate",
                                           "satisfaction_rate")}, grid_view.BASES)
    paragraphs = [f"{scope.period.label()}，{place.label()}网格上报事件{formatting.prose_count(row['events'])}，"
                  + briefing.count_change("同比", metrics.change(row["events"], earlier) if earlier else None, earlier)
                  + f"，立案{formatting.prose_count(row['registered'])}" + (f"；{rates}。" if rates else "。")]
    exhibits: list[Exhibit | None] = [None]
    level = grid_view.NEXT_LEVEL[place.level]
    units = grid_view.rates(con, scope.period.start, scope.period.end, level, place, policy)
    spec = charts.ChartSpec(f"各{grid_metrics.LEVELS[level]}网格事件按期结案率", place.scope_line(scope.period),
                            dataset.source_line(facts, "grid"),
                            "；".join(filter(None, (policy.describe("closed_on_time_rate"), f"应结案少于{min_cases}件的不列",
                                                    charts.omission_note(len(units), grid_metrics.LEVELS[level])))))
    names = units["unit"].str.split("/").str[-1]
    exhibit = _ranked_exhibit(units, "closed_on_time_rate", "closure_base", spec, grid_metrics.LEVELS[level],
                              "按期结案率", "应结案", min_cases, names=names)
    if exhibit is not None:
        paragraphs.append(exhibit.takeaway)
        exhibits.append(exhibit)
    problems, advice = _laggards(units, "closed_on_time_rate", "closure_base", row, "网格事件按期结案率",
                                 grid_metrics.LEVELS[level], place.label(), "grid_advice", min_cases, names)
    return Part(Section("网格化服务管理", tuple(paragraphs), tuple(exhibits)), problems, advice)



# Each part's data source and 口径, for the briefing's closing notes.
NOTES = {"便民服务": ("service", lambda: ServicePolicy.from_config().describe()),
         "网格化服务管理": ("grid", lambda: GridPolicy.from_config().describe())}


def notes(parts: list[Part], facts: dict[str, str]) -> tuple[list[str], list[str]]:
    """The data sources and the 口径 (统计口径 lines, named by part) of the parts a briefing has."""
    sources = [part.source or dataset.source_line(facts, NOTES[part.section.heading][0]) for part in parts]
    calibers = [f"{part.section.heading}：{part.caliber or NOTES[part.section.heading][1]()}" for part in parts]
    return sources, calibers
