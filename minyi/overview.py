"""The overview's numbers: KPI cards with 同比 and 环比, their briefing sentences, the monthly trend.

Each card knows whether a rise is good news (rates) or bad news (petitions, overdue cases), so
the page colours the arrows the way a leader reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import briefing, coverage, formatting, metrics, trends
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
    note: str = ""           # under the number: why it is 无数据, what it covers, its deadlines

    @staticmethod
    def is_flat(delta: str | None) -> bool:
        return delta == formatting.FLAT


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
    table = metrics.headline(con, scope, by="source", policy=policy, comparisons=("last_year", "previous"),
                             total=TOTAL).set_index("unit")
    row = table.loc[TOTAL]
    unsupported, partial = coverage_notes(con, scope)
    return table, briefing.kpi_sentences(row, scope.period.label(), scope.period.end_label(), scope.source_label(),
                                         unsupported, partial, policy.assumed_deadlines)


def coverage_notes(con: duckdb.DuckDBPyConnection, scope: Scope) -> tuple[dict[str, str], dict[str, str]]:
    """The headline numbers that are 无数据 in this scope (number → reason) and those covering only
    some sources (number → 仅含信访…), from the fields the loaded exports carry."""
    fields = coverage.read(con)
    unsupported = fields.unsupported(scope.source)
    partial = {number: note for number in coverage.NEEDS if number not in unsupported
               and (note := fields.partial(coverage.NEEDS[number], scope.source))}
    return unsupported, partial


def deadline_note(row: pd.Series, policy: metrics.Policy) -> str:
    """Beside an on-time rate: how many deadlines the export stated and how many a rule assumed."""
    stated, assumed = formatting.count(row["deadlines_stated"]), formatting.count(row["deadlines_assumed"])
    if policy.assumed_deadlines:
        return f"期限：导出载明{stated}，按规则推定{assumed}"
    return f"仅计导出载明期限的{stated}（按规则推定{assumed}未计入）"


def overview(con: duckdb.DuckDBPyConnection, scope: Scope, policy: metrics.Policy) -> Overview:
    """The cards and the paragraph for one scope; received is split by source when both are shown."""
    table, sentences = kpis(con, scope, policy)
    row = table.loc[TOTAL]
    unsupported, partial = coverage_notes(con, scope)

    def count_card(label: str, source_row: pd.Series, column: str, sentence: str, note: str = "") -> Card:
        if column in unsupported:
            return Card(label, coverage.NO_DATA, None, None, False, sentences.get("unsupported", ""),
                        unsupported[column])
        return Card(label, formatting.count(source_row[column]),
                    formatting.change(metrics.change(source_row[column], source_row[f"{column}_last_year"])),
                    formatting.change(metrics.change(source_row[column], source_row[f"{column}_previous"])),
                    False, sentence, "；".join(filter(None, (partial.get(column), note))))

    def rate_card(label: str, column: str, note: str = "") -> Card:
        if column in unsupported:
            return Card(label, coverage.NO_DATA, None, None, True, sentences.get("unsupported", ""),
                        unsupported[column])
        no_stated = column == "on_time_rate" and not policy.assumed_deadlines and row["deadlines_assumed"] \
            and not row["deadlines_stated"]
        return Card(label, coverage.NO_DATA if no_stated else formatting.percent(row[column]),
                    formatting.points(_difference(row[column], row[f"{column}_last_year"])),
                    formatting.points(_difference(row[column], row[f"{column}_previous"])),
                    True, sentences.get(column, ""),
                    "导出文件未载明办理期限，推定期限按口径不计入" if no_stated else
                    "；".join(filter(None, (partial.get(column), note))))

    sources = [scope.source] if scope.source else list(SOURCE_LABELS)
    cards = []
    for source in sources:
        source_row = table.loc[source] if source in table.index else _empty_row(table)
        cards.append(count_card(f"{SOURCE_LABELS[source]}受理", source_row, "received",
                                sentences["received"] if len(sources) == 1 else ""))
    cards += [
        rate_card("办结率", "completion_rate"),
        rate_card("按时办结率", "on_time_rate", deadline_note(row, policy)),
        rate_card("满意率", "satisfaction_rate"),
        count_card("超期未办结", row, "overdue_open", sentences.get("overdue_open", ""),
                   "" if policy.assumed_deadlines else "仅计导出载明期限的案件"),
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
