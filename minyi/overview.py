"""The overview's numbers: KPI cards with 同比 and 环比, their briefing sentences, the monthly trend.

Each card knows whether a rise is good news (rates) or bad news (petitions, overdue cases), so
the page colours the arrows the way a leader reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.graph_objects as go

from minyi import briefing, config, coverage, formatting, metrics, time_charts, trends, view_cache
from minyi.periods import Period, prose_label
from minyi.scope import SOURCE_LABELS, Scope

TOTAL = "合计"


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    yoy: str | None          # 同比, formatted; None without a baseline
    pop: str | None          # 环比, formatted; None without a baseline
    rise_is_good: bool
    sentence: str
    note: str = ""           # under the number: why it is 无数据, what it covers, its deadlines
    pop_label: str | None = "环比"  # what `pop` compares (9月环比 for 1–N月); None: no 环比 line (年, 自定义)


@dataclass(frozen=True)
class Overview:
    cards: list[Card]
    paragraph: str
    received: int
    kpis: Kpis  # the numbers and sentences behind the cards (the briefing reuses them)


@dataclass(frozen=True)
class Kpis:
    """The headline numbers (`table`: one row per source and a TOTAL row, with 同比 and 环比), the
    briefing sentence of each, and the numbers that are 无数据 (`unsupported`: number → reason) or
    cover only part of the view (`partial`: number → 仅含信访…)."""

    table: pd.DataFrame
    sentences: dict[str, str]
    unsupported: dict[str, str]
    partial: dict[str, str]


@view_cache.memoised
def kpis(con: duckdb.DuckDBPyConnection, scope: Scope, policy: metrics.Policy) -> Kpis:
    """The headline numbers and their sentences (the overview's cards and the briefing's opening
    share them)."""
    compared = ("last_year", "previous") if scope.comparable else ()  # see filters.view_of
    table = metrics.headline(con, scope, by="source", policy=policy, comparisons=compared,
                             total=TOTAL).set_index("unit")
    row = table.loc[TOTAL]
    unsupported, partial = coverage_notes(con, scope, row, policy)
    subject, qualifier = briefing.subject_of(scope)
    sources = [(SOURCE_LABELS[source], table.loc[source]) for source in SOURCE_LABELS if source in table.index]
    return Kpis(table, briefing.kpi_sentences(row, prose_label(scope.period), scope.period.end_label(),
                                              scope.source_label(), unsupported, partial, policy.assumed_deadlines,
                                              subject, sources, briefing.latest_month_label(scope), qualifier,
                                              scope.pop_baseline()),
                unsupported, partial)


def coverage_notes(con: duckdb.DuckDBPyConnection, scope: Scope, row: pd.Series,
                   policy: metrics.Policy) -> tuple[dict[str, str], dict[str, str]]:
    """The headline numbers that are 无数据 in this scope (number → reason: a field no export in
    view carried, or no stated deadline when assumed ones are not counted) and those covering only
    some sources or cases (number → 仅含信访…, 仅含导出载明办结时间的90件…). The cards, the sentences
    and `metrics` all read these."""
    fields = coverage.read(con, scope)
    unsupported = {**fields.unsupported(scope.source), **metrics.deadline_gaps(row, policy)}
    partial = {number: note for number in coverage.NEEDS if number not in unsupported
               and (note := fields.partial(coverage.NEEDS[number], scope.source))}
    return unsupported, partial


def deadline_note(row: pd.Series, policy: metrics.Policy) -> str:
    """Beside an on-time rate: how many deadlines the export stated and how many a rule assumed."""
    stated, assumed = formatting.count(row["deadlines_stated"]), formatting.count(row["deadlines_assumed"])
    if policy.assumed_deadlines:
        return f"期限：导出载明{stated}，按规则推定{assumed}"
    return f"仅计导出载明期限的{stated}（按规则推定{assumed}未计入）"


@view_cache.memoised
def overview(con: duckdb.DuckDBPyConnection, scope: Scope, policy: metrics.Policy) -> Overview:
    """The cards and the paragraph for one scope; received is split by source when both are shown."""
    headline = kpis(con, scope, policy)
    table, sentences, unsupported, partial = headline.table, headline.sentences, headline.unsupported, headline.partial
    row = table.loc[TOTAL]

    min_base = config.comparison_min_base()
    windows = scope.pop_windows()  # also when not comparable: its cards then read 环比 —
    pop_label = None if windows is None else windows.label
    latest_only = windows is not None and windows.latest_month_only  # 1–N月: 环比 of receipts only
    baseline = scope.pop_baseline()  # 上月仅7件, 上季度仅3件, as the sentences say

    def count_card(label: str, source_row: pd.Series, column: str, sentence: str, note: str = "") -> Card:
        if column in unsupported:
            return Card(label, coverage.NO_DATA, None, None, False, sentences.get("unsupported", ""),
                        unsupported[column], None if latest_only and column != "received" else pop_label)
        current = source_row[column]
        if not latest_only:
            pop_column, shown = column, pop_label
        else:  # 1–N月: the latest month's receipts only (metrics.LATEST_MONTH)
            pop_column, shown = ("month_received", pop_label) if column == "received" else (None, None)
        pop = None if pop_column is None else formatting.count_change(
            source_row[pop_column], source_row.get(f"{pop_column}_previous"), "环比", min_base, baseline)
        return Card(label, formatting.count(current),
                    formatting.count_change(current, source_row.get(f"{column}_last_year"), "同比", min_base),
                    pop, False, sentence, "；".join(filter(None, (partial.get(column), note))), shown)

    def rate_card(label: str, column: str, note: str = "") -> Card:
        if column in unsupported:
            return Card(label, coverage.NO_DATA, None, None, True, sentences.get("unsupported", ""),
                        unsupported[column], None if latest_only else pop_label)
        return Card(label, formatting.percent(row[column]),
                    *(formatting.rate_points_change(row[column], row.get(f"{column}_{suffix}"),
                                                    row.get(f"{metrics.RATE_BASES[column]}_{suffix}"), comparison,
                                                    min_base, baseline)
                      for comparison, suffix in (("同比", "last_year"), ("环比", "previous"))),
                    True, sentences.get(column, ""), "；".join(filter(None, (partial.get(column), note))),
                    None if latest_only else pop_label)

    # a source never imported gets no card: "投诉受理 0件" would claim a count nobody exported
    sources = [scope.source] if scope.source else list(coverage.read(con).sources) or list(SOURCE_LABELS)
    sources = [source for source in SOURCE_LABELS if source in sources]  # 信访 first, as the paragraph reads
    subject, qualifier = briefing.subject_of(scope)
    latest = briefing.latest_month_label(scope)
    cards = []
    for source in sources:
        source_row = table.loc[source] if source in table.index else _empty_row(table)
        sentence = briefing.received_sentence([(SOURCE_LABELS[source], source_row)], prose_label(scope.period),
                                              subject, latest, qualifier, baseline) if source_row["received"] else ""
        cards.append(count_card(f"{SOURCE_LABELS[source]}受理", source_row, "received", sentence))
    cards += [
        rate_card("办结率", "completion_rate"),
        rate_card("按时办结率", "on_time_rate", deadline_note(row, policy)),
        rate_card("满意率", "satisfaction_rate"),
        count_card("超期未办结", row, "overdue_open", sentences.get("overdue_open", ""),
                   "" if policy.assumed_deadlines else "仅计导出载明期限的案件"),
        count_card("重复件", row, "repeat_cases", sentences.get("repeat_cases", "")),
    ]
    return Overview(cards, "".join(sentences.values()), int(row["received"]), headline)


def _empty_row(table: pd.DataFrame) -> pd.Series:
    return pd.Series({column: 0 for column in table.columns})


TREND_KINDS = {"last_year": "受理量月度走势（与上年对比）", "months": "受理量月度走势", "years": "受理量年度走势"}


def trend_kind(period: Period) -> str:
    """How the overview draws the period's trend: this year's months against last year's when
    the period lies within those two years; every month of the period when it reaches further
    back; one bar per year when it is longer than trends.LONG_SPAN_MONTHS."""
    if trends.months_spanned(period) > trends.LONG_SPAN_MONTHS:
        return "years"
    return "last_year" if period.start >= dt.date(period.end.year - 1, 1, 1) else "months"


@view_cache.memoised
def monthly_against_last_year(con: duckdb.DuckDBPyConnection, scope: Scope, data: Period | None = None) -> pd.DataFrame:
    """Cases received per source and month, every month with 0 where none: of this period's year
    (up to its end) and of the whole year before; or of the whole period when trend_kind says it
    is not drawn against last year. Months outside the data's span `data` are left out, not 0,
    and a source's months before its first receipt too. Columns: group (信访, 投诉), year, month,
    value, note (8月（截至15日） for a month the data covers in part, else empty)."""
    end = scope.period.end
    window = Period(dt.date(end.year - 1, 1, 1), end) if trend_kind(scope.period) == "last_year" else scope.period
    series = trends.volume_series(con, scope.with_period(window), "month", data)
    if series.empty:
        return pd.DataFrame({"group": [], "year": [], "month": [], "value": [], "note": []})
    return pd.DataFrame({"group": series["group"], "year": series["bucket"].dt.year,
                         "month": series["bucket"].dt.month, "value": series["value"], "note": series["note"]})


def monthly_total(monthly: pd.DataFrame) -> pd.DataFrame:
    """The sources of `monthly_against_last_year` added up: year, month, value (for the takeaway)."""
    return monthly.groupby(["year", "month"], as_index=False)["value"].sum()


def trend_note(scope: Scope) -> str:
    """For the trend chart's 口径: which years of a by-year chart are partial (2024年1-8月不满一年)."""
    return trends.partial_years_note(scope.period) if trend_kind(scope.period) == "years" else ""


def trend_figure(monthly: pd.DataFrame, scope: Scope, spec) -> go.Figure:
    """The overview's trend chart for `monthly` (from monthly_against_last_year), as trend_kind
    says, one panel per source (time_charts.trend_against_last_year)."""
    kind = trend_kind(scope.period)
    if kind == "last_year":
        return time_charts.trend_against_last_year(monthly, spec)
    if kind == "months":
        buckets = pd.to_datetime(pd.DataFrame({"year": monthly["year"], "month": monthly["month"], "day": 1}))
        return time_charts.volume_over_time(pd.DataFrame({"bucket": buckets, "group": monthly["group"],
                                                     "value": monthly["value"], "note": monthly["note"],
                                                     "partial": monthly["note"] != ""}), spec)
    years = monthly.groupby(["group", "year"], as_index=False, sort=False)["value"].sum()
    stamps = [pd.Timestamp(int(year), 1, 1) for year in years["year"]]
    return time_charts.yearly_bars(pd.DataFrame({
        "group": years["group"], "value": years["value"],
        "label": [trends.bucket_label(stamp, "year", scope.period) for stamp in stamps],
        "partial": [trends.is_partial_year(stamp, scope.period) for stamp in stamps]}), spec)
