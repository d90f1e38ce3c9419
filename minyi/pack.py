"""A briefing pack: the numbers of one view gathered into sections of text and key charts.

The same pack feeds the 简报 page, the Word and PowerPoint documents, the ZIP of PNGs and the
command line, so a sentence in the document is the sentence on the page. Charts are the
dashboard's own builders (minyi.charts) with their ChartSpec, each with a one-line takeaway
written by minyi.briefing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import plotly.graph_objects as go

from minyi import briefing, charts, coverage, dataset, metrics, overview, rankings, satisfaction, timeliness, trends
from minyi.filters import View
from minyi.periods import Period

TOP_CATEGORIES = 10
LEFT_OUT = "完整名单见看板"  # a long breakdown chart in a document: where its left-out units are listed
UNIT_NAMES = {"township": "乡镇（街道）", "department": "承办部门"}


@dataclass(frozen=True)
class Exhibit:
    """One key chart: its spec (title, scope, source, 口径), the figure, and its takeaway."""

    spec: charts.ChartSpec
    figure: go.Figure
    takeaway: str


@dataclass(frozen=True)
class Section:
    """One numbered part of the text (一、总体情况 ...) and its paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing document says, before any file format: what it covers (scope_label,
    comparison), where the numbers come from (source, caliber), the text and the charts."""

    title: str
    scope_label: str
    source: str
    comparison: str
    caliber: tuple[str, ...]
    sections: tuple[Section, ...]
    exhibits: tuple[Exhibit, ...]
    made_on: dt.date

    @property
    def headline(self) -> str:
        """The opening paragraph: volume and the headline rates with their changes."""
        return self.sections[0].paragraphs[0]


def build(con: duckdb.DuckDBPyConnection, view: View, facts: dict[str, str], policy: metrics.Policy,
          rule: rankings.RankingRule, made_on: dt.date | None = None) -> Briefing:
    """The briefing of one view. `facts`: the database's meta facts (county, demo or not)."""
    scope = view.scope
    source = dataset.source_line(facts, scope.source)
    headline = overview.kpis(con, scope, policy)
    by_source, sentences = headline.table, headline.sentences
    row = by_source.loc[overview.TOTAL]
    fields = coverage.read(con, scope)
    # a breakdown by a field no export in view carried would be one （未填写） bar: left out, said why
    # a view of one township or department states its place in the county (rankings.standings)
    # instead of ranking units within it
    standings = rankings.standings(con, scope, rule, policy)
    units = [by for by in ("township", "department") if not standings and getattr(scope, by) is None]
    unit_gaps = [f"{UNIT_NAMES[by]}：{fields.reason(by, scope.source)}，不作排名。" for by in units
                 if fields.missing(by, scope.source)]
    units = [by for by in units if not fields.missing(by, scope.source)]
    ranked = {by: rankings.ranking(con, scope, by, rule, policy, with_change=False) for by in units}
    categories = (trends.volume_by(con, scope, "category")
                  if scope.category is None and not fields.missing("category", scope.source) else None)

    overall = "".join([sentences["received"]]  # each source on its own, 信访 first
                      + [sentences[name] for name in (*metrics.RATES, "unsupported") if name in sentences])
    sections = [Section("一、总体情况", (overall,))]
    if row["received"]:
        sections.append(Section("二、乡镇和部门", tuple(
            standings + [briefing.best_and_worst(ranked[by], UNIT_NAMES[by], rule.min_cases) for by in units]
            + unit_gaps)
            or (f"本简报范围为{scope.filters_label()}，不作乡镇和部门排名。",)))
        concerns = [sentences[name] for name in ("overdue_open", "repeat_cases") if name in sentences]
        if categories is not None and view.compared:  # a period over a year has no 同比 to rise on
            concerns.insert(0, briefing.category_rises(categories))
        sections.append(Section("三、需要关注的问题", tuple(concerns)))
    elif "overdue_open" in sentences:  # nothing received, but an older backlog is still overdue
        sections.append(Section("二、需要关注的问题", (sentences["overdue_open"],)))
    exhibits = _exhibits(con, view, row, source, policy, rule, ranked, categories, fields) if row["received"] else []
    return Briefing(
        title=f"{dataset.county_name(facts)}{scope.township or scope.department or ''}{scope.source_label()}情况简报",
        scope_label=scope.label(), source=source, comparison=view.comparison_note(),
        caliber=(policy.describe(), rule.describe() + "。"), sections=tuple(sections), exhibits=tuple(exhibits),
        made_on=made_on or dt.date.today(),
    )


def _exhibits(con, view: View, row, source: str, policy: metrics.Policy, rule: rankings.RankingRule, ranked: dict,
              categories, fields: coverage.Coverage) -> list[Exhibit]:
    scope = view.scope
    label = scope.label()
    exhibits = []

    trend = overview.monthly_against_last_year(con, scope, Period(view.first_day, view.last_day))
    spec = charts.ChartSpec(f"{scope.source_label()}{overview.TREND_KINDS[overview.trend_kind(scope.period)]}", label,
                            source, "；".join(filter(None, ("按受理日期统计", view.partial_note(),
                                                            overview.trend_note(scope)))))
    exhibits.append(Exhibit(spec, overview.trend_figure(trend, scope, spec),
                            briefing.trend_takeaway(overview.monthly_total(trend), row, scope.period)))

    for by, table in ranked.items():
        bars = rankings.score_bars(table)
        if bars.empty:
            continue
        marks, lists = rankings.list_marks(table)
        spec = charts.ChartSpec(f"各{UNIT_NAMES[by]}综合得分排名", label, source, "；".join(filter(None, (
            "综合得分（按时办结率、办结率、满意率、受理量同比加权，见文末口径说明）", lists,
            fields.partial(by, scope.source), charts.omission_note(len(bars), UNIT_NAMES[by])))))
        exhibits.append(Exhibit(spec, charts.ranked_bars(bars, spec, value_format="points", full_list=LEFT_OUT,
                                                         highlight=marks),
                                briefing.best_and_worst(table, UNIT_NAMES[by], rule.min_cases)))

    by = "department" if scope.department is None else "township"
    rates = metrics.rates_by(con, scope, by, policy)
    rates = rates[rates["due"] >= rule.min_cases]  # on paper, a 0% from one case reads like news
    bars, laggards = timeliness.rate_bars(rates, "on_time_rate", "due", "应办结",
                                          assumed="deadlines_assumed" if policy.assumed_deadlines else None)
    if not bars.empty and not fields.missing(by, scope.source):
        caliber = policy.describe("on_time_rate")
        spec = charts.ChartSpec(f"各{UNIT_NAMES[by]}按时办结率", label, source, "；".join(filter(None, (
            caliber, f"应办结少于{rule.min_cases}件的单位不列", rankings.laggard_note(laggards),
            fields.partial(by, scope.source), fields.partial("closed_at", scope.source),
            charts.omission_note(len(bars), UNIT_NAMES[by])))))
        exhibits.append(Exhibit(spec, charts.ranked_bars(bars, spec, value_format="percent", highlight=laggards,
                                                         full_list=LEFT_OUT),
                                briefing.rate_takeaway(bars, "按时办结率", rates.set_index("unit")["due"], "应办结",
                                                       rule.min_cases)))

    if categories is not None and categories["received"].sum():
        top = trends.top_with_other(categories, TOP_CATEGORIES)
        spec = charts.ChartSpec(f"问题类别前{TOP_CATEGORIES}位", label, source,
                                "按问题类别统计，其余类别合并为“其他”；同比为与上年同期相比")
        exhibits.append(Exhibit(spec, charts.ranked_bars(trends.labelled_bars(top), spec, full_list=LEFT_OUT),
                                briefing.share_takeaway(categories, view.compared)))

    by = "township" if scope.township is None else "department"
    rates = metrics.rates_by(con, scope, by, policy)
    rates = rates[rates["rated"] >= rule.min_cases]
    answers = satisfaction.callback_answers(rates)
    if not answers.empty and not fields.missing(by, scope.source):
        bars, _ = timeliness.rate_bars(rates, "satisfaction_rate", "rated", "已评价")
        caliber = policy.describe("satisfaction_rate")
        spec = charts.ChartSpec(f"各{UNIT_NAMES[by]}回访评价构成", label, source, "；".join(filter(None, (
            caliber, f"n为已评价件数，少于{rule.min_cases}件的单位不列", fields.partial(by, scope.source),
            charts.omission_note(len(bars), UNIT_NAMES[by])))))
        exhibits.append(Exhibit(spec, charts.answer_shares(answers, spec, full_list=LEFT_OUT),
                                briefing.rate_takeaway(bars, "满意率", rates.set_index("unit")["rated"], "已评价",
                                                       rule.min_cases)))
    return exhibits
