"""The overview's numbers: KPI cards with 同比 and 环比, their briefing sentences, the monthly trend.

Each card knows whether a rise is good news (rates) or bad news (petitions, overdue cases), so
the page colours the arrows the way a leader reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import briefing, config, formatting, metrics, periods, trends
from minyi.periods import Period
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

    @staticmethod
    def is_flat(delta: str | None) -> bool:
        """A delta in words (持平, 上年同期仅3件): shown grey, without an arrow."""
        return delta is not None and not formatting.is_signed_change(delta)


@dataclass(frozen=True)
class Overview:
    cards: list[Card]
    paragraph: str
    received: int


def _difference(current: float | None, earlier: float | None) -> float | None:
    return None if formatting.is_missing(current) or formatting.is_missing(earlier) else current - earlier


def kpis(con: duckdb.DuckDBPyConnection, scope: Scope, policy: metrics.Policy) -> tuple[pd.DataFrame, dict[str, str]]:
    """The headline numbers with 同比 and 环比, one row per source and a TOTAL row, and the
    briefing sentence of each (the overview's cards and the briefing's opening share them)."""
    compared = ("last_year", "previous") if not periods.longer_than_a_year(scope.period) else ()  # see View.compared
    table = metrics.headline(con, scope, by="source", policy=policy, comparisons=compared,
                             total=TOTAL).set_index("unit")
    row = table.loc[TOTAL]
    return table, briefing.kpi_sentences(row, scope.period.label(), scope.period.end_label(), scope.source_label())


def overview(con: duckdb.DuckDBPyConnection, scope: Scope, policy: metrics.Policy) -> Overview:
    """The cards and the paragraph for one scope; received is split by source when both are shown."""
    table, sentences = kpis(con, scope, policy)
    row = table.loc[TOTAL]

    min_base = config.comparison_min_base()

    def count_card(label: str, source_row: pd.Series, column: str, sentence: str) -> Card:
        current = source_row[column]
        return Card(label, formatting.count(current),
                    formatting.count_change(current, source_row.get(f"{column}_last_year"), "同比", min_base),
                    formatting.count_change(current, source_row.get(f"{column}_previous"), "环比", min_base),
                    False, sentence)

    def rate_card(label: str, column: str) -> Card:
        return Card(label, formatting.percent(row[column]),
                    formatting.points(_difference(row[column], row.get(f"{column}_last_year"))),
                    formatting.points(_difference(row[column], row.get(f"{column}_previous"))),
                    True, sentences.get(column, ""))

    sources = [scope.source] if scope.source else list(SOURCE_LABELS)
    cards = []
    for source in sources:
        source_row = table.loc[source] if source in table.index else _empty_row(table)
        cards.append(count_card(f"{SOURCE_LABELS[source]}受理", source_row, "received",
                                sentences["received"] if len(sources) == 1 else ""))
    cards += [
        rate_card("办结率", "completion_rate"),
        rate_card("按时办结率", "on_time_rate"),
        rate_card("满意率", "satisfaction_rate"),
        count_card("超期未办结", row, "overdue_open", sentences.get("overdue_open", "")),
        count_card("重复件", row, "repeat_cases", sentences.get("repeat_cases", "")),
    ]
    return Overview(cards, "".join(sentences.values()), int(row["received"]))


def _empty_row(table: pd.DataFrame) -> pd.Series:
    return pd.Series({column: 0 for column in table.columns})


def monthly_against_last_year(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Cases received per month of this period's year (up to its end) and of the whole year before.
    Columns: year, month, value."""
    end = scope.period.end
    span = scope.with_period(Period(dt.date(end.year - 1, 1, 1), end))
    series = trends.received_series(con, span, "month").groupby("bucket", as_index=False)["received"].sum()
    return pd.DataFrame({"year": series["bucket"].dt.year, "month": series["bucket"].dt.month,
                         "value": series["received"]})
