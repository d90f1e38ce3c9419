"""The naive baseline of bench/pages.py: the overview's numbers computed with pandas on DataFrames
already in memory, against the same numbers from DuckDB (minyi.overview, memo off)."""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd

from minyi import metrics, overview
from minyi.periods import Period
from minyi.scope import Scope

SCOPE = Scope(Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)))


def _counts(facts: pd.DataFrame, late: pd.DataFrame, period: Period) -> pd.DataFrame:
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    rows = facts[(facts["received_date"] >= start) & (facts["received_date"] <= end)]
    closed = rows["closed_date"] <= end
    counts = pd.DataFrame({
        "source": rows["source"], "received": 1, "closed": closed,
        "closed_on_time": closed & rows["closed_on_time"].fillna(False).astype(bool),
        "repeat_cases": rows["is_repeat"].fillna(False).astype(bool),
        **{column: rows["satisfaction"] == answer for answer, column in metrics.ANSWER_COUNTS.items()},
    }).groupby("source").sum()
    overdue = late[(late["received_date"] <= end) & ~(late["closed_date"] <= end) & (late["deadline"] < end)]
    counts["overdue_open"] = overdue.groupby("source").size()
    counts["open_past_deadline"] = overdue[overdue["received_date"] >= start].groupby("source").size()
    return counts.fillna(0)


def _pandas_overview(facts: pd.DataFrame, late: pd.DataFrame) -> list[pd.DataFrame]:
    periods = (SCOPE.period, SCOPE.last_year().period, SCOPE.previous().period)
    results = [_counts(facts, late, period) for period in periods]
    end = SCOPE.period.end
    recent = facts[(facts["received_date"] >= pd.Timestamp(end.year - 1, 1, 1))
                   & (facts["received_date"] <= pd.Timestamp(end))]
    results.append(recent.groupby(recent["received_date"].dt.to_period("M")).size().to_frame("received"))
    return results


def pandas_overview_seconds(con, repeats: int = 3) -> tuple[float, float]:
    """Best-of-`repeats` seconds for the overview's numbers: (DuckDB, pandas)."""
    facts = con.execute("select * from case_facts").df()
    late = con.execute("select * from late_cases").df()
    for frame in (facts, late):
        for column in ("received_date", "closed_date", "deadline"):
            frame[column] = pd.to_datetime(frame[column])
    policy = metrics.Policy()

    def duckdb_overview() -> None:
        overview.overview(con, SCOPE, policy)
        overview.monthly_against_last_year(con, SCOPE)

    def best(work) -> float:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times)

    return best(duckdb_overview), best(lambda: _pandas_overview(facts, late))
