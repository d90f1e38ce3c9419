"""The pandas baseline of bench/pages.py: the overview's numbers (three periods' counts by source,
the backlog at the period's end and two years of months) computed with a careful pandas, against the
same numbers from DuckDB (minyi.overview, memos off).

Careful, as an analyst who knows pandas would write it: only the columns the numbers need are
loaded, once and before timing (never the whole table: the bench runs at 100 million cases), places
and answers as category dtypes, dates as datetime64, rows sorted by receipt date so that each period
is a searchsorted slice rather than a boolean mask over every row, and one grouped sum per period.
"""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from minyi import metrics, overview
from minyi.periods import Period
from minyi.scope import Scope

SCOPE = Scope(Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)))
FACT_COLUMNS = ("source", "received_date", "closed_date", "closed_on_time", "satisfaction", "is_repeat")
LATE_COLUMNS = ("source", "received_date", "closed_date", "deadline")


def _load(con, table: str, columns: tuple[str, ...], first: dt.date | None = None) -> pd.DataFrame:
    """The columns of the rows received from `first` on (None: all), typed once: text as category
    (dictionary-encoded on the way, never a Python string per row: the bench runs at 10^8 cases),
    dates as datetime64, sorted by receipt date."""
    since = "" if first is None else f" where received_date >= date '{first:%Y-%m-%d}'"
    arrow = con.sql(f"select {', '.join(columns)} from {table}{since} order by received_date").to_arrow_table()
    for index, field in enumerate(arrow.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            arrow = arrow.set_column(index, field.name, pc.dictionary_encode(arrow.column(index)))
    frame = arrow.to_pandas()
    for column in frame.columns:
        if column.endswith(("_date", "deadline")):
            frame[column] = pd.to_datetime(frame[column])
    for column in ("closed_on_time", "is_repeat"):
        if column in frame:
            frame[column] = frame[column].fillna(False).astype(bool)
    return frame


def _slice(frame: pd.DataFrame, first: pd.Timestamp | None, last: pd.Timestamp) -> pd.DataFrame:
    dates = frame["received_date"].to_numpy()
    low = 0 if first is None else np.searchsorted(dates, first.to_datetime64(), side="left")
    return frame.iloc[low:np.searchsorted(dates, last.to_datetime64(), side="right")]


def _counts(facts: pd.DataFrame, late: pd.DataFrame, period: Period) -> pd.DataFrame:
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    rows = _slice(facts, start, end)
    closed = (rows["closed_date"] <= end).to_numpy()
    answers = rows["satisfaction"]
    counts = pd.DataFrame({
        "source": rows["source"], "received": 1, "closed": closed,
        "closed_on_time": closed & rows["closed_on_time"].to_numpy(), "repeat_cases": rows["is_repeat"],
        **{column: (answers == answer).to_numpy() for answer, column in metrics.ANSWER_COUNTS.items()},
    }).groupby("source", observed=True).sum()
    backlog = _slice(late, None, end)
    open_past = backlog[~(backlog["closed_date"] <= end) & (backlog["deadline"] < end)]
    counts["overdue_open"] = open_past.groupby("source", observed=True).size()
    counts["open_past_deadline"] = _slice(open_past, start, end).groupby("source", observed=True).size()
    return counts.fillna(0)


def _pandas_overview(facts: pd.DataFrame, late: pd.DataFrame) -> list[pd.DataFrame]:
    periods = (SCOPE.period, SCOPE.last_year().period, SCOPE.previous().period)
    results = [_counts(facts, late, period) for period in periods]
    end = SCOPE.period.end
    recent = _slice(facts, pd.Timestamp(end.year - 1, 1, 1), pd.Timestamp(end))
    results.append(recent.groupby(recent["received_date"].dt.to_period("M")).size().to_frame("received"))
    return results


def pandas_overview_seconds(con, repeats: int = 3) -> tuple[float, float]:
    """Best-of-`repeats` seconds for the overview's numbers: (DuckDB, careful pandas)."""
    # the overview reads two years of receipts (the period, its 同比, the monthly trend) and every backlog
    facts = _load(con, "case_facts", FACT_COLUMNS, dt.date(SCOPE.period.end.year - 1, 1, 1))
    late = _load(con, "late_cases", LATE_COLUMNS)
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
