"""A briefing pack: the numbers of one view gathered into sections of text and key charts.

The same pack feeds the 简报 page, the Word and PowerPoint documents, the ZIP of PNGs and the
command line, so a sentence in the document is the sentence on the page. Charts are the
dashboard's own builders (minyi.charts) with their ChartSpec, each with a one-line takeaway
written by minyi.briefing.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace

import duckdb
import pandas as pd
import plotly.graph_objects as go

from minyi import (briefing_prompts, charts, config, coverage, dataset, formatting, metrics, overview,
                   pack_assessment, pack_sources, rankings, satisfaction, takeaways, timeliness, trends)
from minyi.exhibits import LEFT_OUT, SLIDE_ENDS, Exhibit, Section, ends, slide_bars
from minyi.filters import View
from minyi.periods import Period

TOP_CATEGORIES = 10
UNIT_NAMES = rankings.UNIT_KINDS


@dataclass(frozen=True)
class Masthead:
    """The 版头 of a 简报: the issuing unit (in red), the 期号 and the date, from the settings
    MINYI_BRIEFING_ISSUER and MINYI_BRIEFING_ISSUE; no issuer, no 版头."""

    issuer: str
    issue: str
    date: dt.date

    @classmethod
    def from_config(cls, date: dt.date) -> Masthead | None:
        issuer = config.BRIEFING_ISSUER.value().strip()
        return cls(issuer, config.BRIEFING_ISSUE.value().strip(), date) if issuer else None

    def date_label(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


@dataclass(frozen=True)
class Appendix:
    """附表: every unit's headline numbers, one row per unit in rank order."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing document says, before any file format: what it covers (scope_label,
    comparison), where the numbers come from (source, caliber), the text, the charts, the big
    numbers of a KPI slide, the 附表 and the optional 版头."""

    title: str
    scope_label: str
    source: str
    comparison: str
    caliber: tuple[str, ...]
    sections: tuple[Section, ...]
    exhibits: tuple[Exhibit, ...]
    made_on: dt.date
    kpis: tuple[overview.Card, ...] = ()
    appendix: Appendix | None = None
    masthead: Masthead | None = None

    @property
    def headline(self) -> str:
        """The opening paragraph: volume and the headline rates with their changes."""
        return self.sections[0].paragraphs[0]

    def notes_line(self) -> str:
        """The data source and every 口径 on one line (the 简报 page's caption), one 。 at its end."""
        return "；".join(text.rstrip("。") for text in (f"数据来源：{self.source}", *self.caliber)) + "。"

    def section(self, name: str) -> Section | None:
        """The section called `name` (基本情况, 主要特点, 存在问题, 下步工作建议), whatever its number."""
        return next((part for part in self.sections if part.heading.endswith(name)), None)

    def with_paragraphs(self, name: str, paragraphs: list[str]) -> Briefing:
        """The same briefing with the text of section `name` replaced (the 下步工作建议 as edited on
        the page); blank paragraphs are dropped."""
        kept = tuple(text for text in paragraphs if text.strip())
        return replace(self, sections=tuple(replace(part, paragraphs=kept, exhibits=()) if part.heading.endswith(name)
                                            else part for part in self.sections))


HEADINGS = ("基本情况", "主要特点", "存在问题", "下步工作建议")
KPI_LEFT_OUT = ("超期未办结", "重复件")  # on the cards, but the KPI slide has the five a leader asks for first


def build(con: duckdb.DuckDBPyConnection, view: View, facts: dict[str, str], policy: metrics.Policy,
          rule: rankings.RankingRule, made_on: dt.date | None = None) -> Briefing:
    """The briefing of one view as a 汇报: 基本情况, 主要特点 (each with its chart), 存在问题 and
    下步工作建议 (prompts drawn from the data). `facts`: the database's meta facts (county, demo or not)."""
    made_on = made_on or dt.date.today()
    scope = view.scope
    source = dataset.source_line(facts, scope.source)
    summary = overview.overview(con, scope, policy)
    headline = summary.kpis
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
    trend = overview.monthly_against_last_year(con, scope, Period(view.first_day, view.last_day))
    # 存在问题 and the rate charts read the same per-unit rates: computed once per unit kind
    rates_of = functools.cache(lambda by: metrics.rates_by(con, scope, by, policy))
    exhibits = (_exhibits(con, view, row, source, policy, rule, ranked, categories, fields, trend, rates_of)
                if row["received"] else [])
    # the trend chart shows 基本情况's volume; 主要特点 tells its months and has the other charts
    parts: dict[str, Section] = {"基本情况": Section("", (overall,), tuple(exhibits[:1]))}
    if row["received"]:
        features = ([takeaways.trend_feature(overview.monthly_total(trend), scope.period)] + standings
                    + [exhibit.takeaway for exhibit in exhibits[1:]])
        # a unit ranking without a chart (all tied, too few cases) still gets its sentence
        charted = {exhibit.spec.title for exhibit in exhibits}
        extra = [takeaways.best_and_worst(ranked[by], UNIT_NAMES[by], rule.min_cases) for by in units
                 if f"各{UNIT_NAMES[by]}综合得分排名" not in charted] + unit_gaps
        parts["主要特点"] = Section("", tuple(features + extra),
                                  (None,) * (1 + len(standings)) + (*exhibits[1:],) + (None,) * len(extra))
    others = [part for part in (pack_sources.service_part(con, scope, facts, rule.min_cases),
                                pack_sources.grid_part(con, scope, facts, rule.min_cases),
                                pack_assessment.assessment_part(con, scope, facts)) if part is not None]
    for part in others:  # the county's other systems, when loaded
        parts[part.section.heading] = part.section
        exhibits += [exhibit for exhibit in part.section.exhibits if exhibit is not None]
    other_sources, other_calibers = pack_sources.notes(others, facts)
    problems, advice = _problems_and_advice(view, row, sentences, rule, ranked, categories, units, rates_of)
    problems += [text for part in others for text in part.problems]
    advice += [text for part in others for text in part.advice]
    if problems:
        parts["存在问题"] = Section("", tuple(problems))
    # every rate 无数据 for the cases received: "no problem" is unknown, not steady
    judged = not row["received"] or any(not formatting.is_missing(row[rate]) for rate in metrics.RATES)
    parts["下步工作建议"] = Section("", tuple(advice or [briefing_prompts.ADVICE["steady_advice" if judged
                                                                              else "unjudged_advice"]]))
    sections = tuple(Section(f"{numeral(index)}、{name}", part.paragraphs, part.exhibits)
                     for index, (name, part) in enumerate(parts.items(), start=1))
    cards = summary.cards
    return Briefing(
        title=f"{dataset.county_name(facts)}{scope.township or scope.department or ''}{scope.source_label()}情况简报",
        scope_label=scope.label(), source="；".join([source, *other_sources]), comparison=view.comparison_note(),
        caliber=(policy.describe(), rule.describe() + "。", *other_calibers), sections=sections, exhibits=tuple(exhibits),
        made_on=made_on, kpis=tuple(card for card in cards if card.label not in KPI_LEFT_OUT),
        appendix=_appendix(ranked, scope) if row["received"] else None,
        masthead=Masthead.from_config(made_on),
    )


NUMERALS = "零一二三四五六七八九十"


def numeral(number: int) -> str:
    """1–99 as 一 … 九十九 (headings and figure numbers)."""
    if number <= 10:
        return NUMERALS[number]
    tens, ones = divmod(number, 10)
    return f"{NUMERALS[tens] if tens > 1 else ''}十{NUMERALS[ones] if ones else ''}"


def _problems_and_advice(view: View, row, sentences: dict[str, str], rule: rankings.RankingRule, ranked: dict,
                         categories, units: list[str], rates_of) -> tuple[list[str], list[str]]:
    """存在问题 (what the numbers show to be wrong) and 下步工作建议 (one prompt per problem, naming
    its units and counts), in the order a meeting takes them: rising categories, the overdue
    backlog, laggard units, low satisfaction, repeat cases; no prompt when nothing needs one."""
    scope = view.scope
    problems, advice = [], []
    if categories is not None and view.compared and row["received"]:
        rising = briefing_prompts.rising_advice(categories)
        if rising:
            problems.append(takeaways.category_rises(categories))
            advice.append(rising)
    if sentences.get("overdue_open") and row["overdue_open"]:
        problems.append(sentences["overdue_open"])
        by = "department" if scope.department is None and "department" in units else (units[0] if units else None)
        by_unit = rates_of(by) if by else pd.DataFrame({"unit": [], "overdue_open": []})
        advice.append(briefing_prompts.overdue_advice(int(row["overdue_open"]), by_unit))
    blacks = {UNIT_NAMES[by]: rankings.red_and_black(table)[1] for by, table in ranked.items()}
    lagging = briefing_prompts.laggards_problem(blacks)
    if lagging:
        problems.append(lagging)
        advice.append(briefing_prompts.laggards_advice([unit for black in blacks.values() for unit in black["unit"]]))
    if "satisfaction_rate" in sentences and not formatting.is_missing(row["satisfaction_rate"]):
        lows = {UNIT_NAMES[by]: briefing_prompts.low_satisfaction(rates_of(by),
                                                          row["satisfaction_rate"], rule.min_cases,
                                                          rankings.list_size())
                for by in units}
        low = briefing_prompts.low_satisfaction_problem(lows, _whole(scope), row["satisfaction_rate"])
        if low:
            problems.append(low)
            advice.append(briefing_prompts.satisfaction_advice(pd.concat(lows.values())))
    if sentences.get("repeat_cases") and row["repeat_cases"]:
        problems.append(sentences["repeat_cases"])
        advice.append(briefing_prompts.repeat_advice(row["repeat_cases"]))
    return problems, advice


def _whole(scope) -> str:
    """What a unit is compared with: 全县, or the chosen township or department."""
    return scope.township or scope.department or "全县"


APPENDIX_HEADER = ("名次", "{unit}", "受理量", "受理同比", "办结率", "按时办结率", "满意率", "综合得分")


def _appendix(ranked: dict, scope) -> Appendix | None:
    """附表 of the first unit kind ranked (townships, or departments within a chosen township)."""
    if not ranked:
        return None
    by, table = next(iter(ranked.items()))
    rows = tuple((formatting.MISSING if formatting.is_missing(rank) else f"{int(rank)}", unit, f"{int(received)}",
                  formatting.change(yoy) or formatting.MISSING, formatting.percent(completion),
                  formatting.percent(on_time), formatting.percent(satisfied),
                  formatting.MISSING if formatting.is_missing(score) else f"{score:.1f}")
                 for rank, unit, received, yoy, completion, on_time, satisfied, score in zip(
                     table["rank"], table["unit"], table["received"], table["received_yoy"], table["completion_rate"],
                     table["on_time_rate"], table["satisfaction_rate"], table["score"]))
    header = tuple(cell.format(unit=UNIT_NAMES[by]) for cell in APPENDIX_HEADER)
    return Appendix(f"附表　各{UNIT_NAMES[by]}主要指标（{scope.period.label()}）", header, rows)


def _slide_answers(answers: pd.DataFrame, spec: charts.ChartSpec, units: str) -> go.Figure | None:
    """answer_shares of the first and last SLIDE_ENDS units (best first), or None when short enough."""
    labels = pd.Series(list(dict.fromkeys(answers["label"])))
    kept, left_out = ends(labels.to_frame("label"))
    if not left_out:
        return None
    note = f"仅列满意率最高和最低的各{SLIDE_ENDS}个{units}，其余{left_out}个从略，{LEFT_OUT}"
    shorter = charts.ChartSpec(spec.title, spec.scope, spec.source, "；".join(filter(None, (
        spec.caliber.split("；仅列前")[0], note))))
    return charts.answer_shares(answers[answers["label"].isin(set(kept["label"]))], shorter, full_list=LEFT_OUT)


def _exhibits(con, view: View, row, source: str, policy: metrics.Policy, rule: rankings.RankingRule, ranked: dict,
              categories, fields: coverage.Coverage, trend: pd.DataFrame, rates_of) -> list[Exhibit]:
    """The key charts, the trend (`trend`: overview.monthly_against_last_year) first. `rates_of(by)`:
    metrics.rates_by of the view per unit kind, shared with 存在问题."""
    scope = view.scope
    label = scope.label()
    exhibits = []

    spec = charts.ChartSpec(f"{scope.source_label()}{overview.TREND_KINDS[overview.trend_kind(scope.period)]}", label,
                            source, "；".join(filter(None, ("按受理日期统计", view.partial_note(),
                                                            overview.trend_note(scope)))))
    exhibits.append(Exhibit(spec, overview.trend_figure(trend, scope, spec),
                            takeaways.trend_takeaway(overview.monthly_total(trend), row, scope.period,
                                                   scope.pop_baseline())))

    for by, table in ranked.items():
        bars = rankings.score_bars(table)
        if bars.empty:
            continue
        marks, lists = rankings.list_marks(table)
        spec = charts.ChartSpec(f"各{UNIT_NAMES[by]}综合得分排名", label, source, "；".join(filter(None, (
            "综合得分（按时办结率、办结率、满意率、受理量同比加权，见文末口径说明）", lists,
            fields.partial(by, scope.source), charts.omission_note(len(bars), UNIT_NAMES[by])))))
        options = dict(value_format="points", highlight=marks)
        exhibits.append(Exhibit(spec, charts.ranked_bars(bars, spec, full_list=LEFT_OUT, **options),
                                takeaways.best_and_worst(table, UNIT_NAMES[by], rule.min_cases),
                                slide_bars(bars, spec, UNIT_NAMES[by], **options)))

    by = "department" if scope.department is None else "township"
    rates = rates_of(by)
    rates = rates[rates["due"] >= rule.min_cases]  # on paper, a 0% from one case reads like news
    bars, laggards, counted = timeliness.rate_bars(rates, "on_time_rate", "due", "应办结",
                                                   assumed="deadlines_assumed" if policy.assumed_deadlines else None)
    if not bars.empty and not fields.missing(by, scope.source):
        caliber = policy.describe("on_time_rate")
        spec = charts.ChartSpec(f"各{UNIT_NAMES[by]}按时办结率", label, source, "；".join(filter(None, (
            caliber, counted, f"应办结少于{rule.min_cases}件的单位不列", rankings.laggard_note(laggards),
            fields.partial(by, scope.source), fields.partial("closed_at", scope.source),
            charts.omission_note(len(bars), UNIT_NAMES[by])))))
        exhibits.append(Exhibit(spec, charts.ranked_bars(bars, spec, value_format="percent", highlight=laggards,
                                                         full_list=LEFT_OUT),
                                takeaways.rate_takeaway(bars, "按时办结率", rates.set_index("unit")["due"], "应办结",
                                                       rule.min_cases),
                                slide_bars(bars, spec, UNIT_NAMES[by], value_format="percent", highlight=laggards)))

    if categories is not None and categories["received"].sum():
        top = trends.top_with_other(categories, TOP_CATEGORIES)
        spec = charts.ChartSpec(f"问题类别前{TOP_CATEGORIES}位", label, source,
                                "按问题类别统计，其余类别合并为“其他”；同比为与上年同期相比")
        exhibits.append(Exhibit(spec, charts.ranked_bars(trends.labelled_bars(top), spec, full_list=LEFT_OUT),
                                takeaways.share_takeaway(categories, view.compared)))

    by = "township" if scope.township is None else "department"
    rates = rates_of(by)
    rates = rates[rates["rated"] >= rule.min_cases]
    answers = satisfaction.callback_answers(rates)
    if not answers.empty and not fields.missing(by, scope.source):
        bars, _, _ = timeliness.rate_bars(rates, "satisfaction_rate", "rated", "已评价")
        caliber = policy.describe("satisfaction_rate")
        spec = charts.ChartSpec(f"各{UNIT_NAMES[by]}回访评价构成", label, source, "；".join(filter(None, (
            caliber, f"n为已评价件数，少于{rule.min_cases}件的单位不列", fields.partial(by, scope.source),
            charts.omission_note(len(bars), UNIT_NAMES[by])))))
        exhibits.append(Exhibit(spec, charts.answer_shares(answers, spec, full_list=LEFT_OUT),
                                takeaways.rate_takeaway(bars, "满意率", rates.set_index("unit")["rated"], "已评价",
                                                       rule.min_cases),
                                _slide_answers(answers, spec, UNIT_NAMES[by])))
    return exhibits
