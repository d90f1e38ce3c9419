"""The headline cards of the overview: the numbers, their 同比, and whether a change is good news."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import db, formatting, metrics
from minyi.periods import Period

SOURCE_LABELS = {"petition": "信访", "complaint": "投诉（12345等）"}


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None
    delta_color: str  # "normal": up is good; "inverse": down is good (fewer petitions)

    @property
    def is_flat(self) -> bool:
        return self.delta == formatting.FLAT


def policy() -> metrics.Policy:
    return metrics.Policy.from_config()


def latest_year_to_date(con: duckdb.DuckDBPyConnection) -> Period | None:
    """1月1日 to the latest receipt date of the latest year with data (None for an empty database)."""
    last = db.run(con, "latest_received")["last_day"].iloc[0]
    if pd.isna(last):
        return None
    last = pd.Timestamp(last).date()
    return Period(dt.date(last.year, 1, 1), last)


def _difference(current: float | None, previous: float | None) -> float | None:
    return None if current is None or previous is None else current - previous


def headline_cards(con: duckdb.DuckDBPyConnection, period: Period, source: str) -> list[Card]:
    table = metrics.headline(con, period, source=source, policy=policy())
    if table.empty:
        return [Card("受理", formatting.count(0), None, "inverse")]
    row = table.iloc[0]

    def rate_card(label: str, column: str) -> Card:
        return Card(label, formatting.percent(row[column]),
                    formatting.points(_difference(row[column], row[f"{column}_last_year"])), "normal")

    return [
        Card("受理", formatting.count(row["received"]), formatting.change(row["received_yoy"]), "inverse"),
        rate_card("办结率", "completion_rate"),
        rate_card("按时办结率", "on_time_rate"),
        rate_card("满意率", "satisfaction_rate"),
        Card("超期未办结", formatting.count(row["overdue_open"]), None, "inverse"),
        Card("重复件", formatting.count(row["repeat_cases"]), None, "inverse"),
    ]
