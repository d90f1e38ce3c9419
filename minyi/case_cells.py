"""The case cells of a scope (queries/case_cells.sql's rows): received, closed, on time and repeat
counts per source, township, department, callback answer and what the exports stated, from which
minyi.metrics adds up every count and rate and minyi.coverage what the cases in view carry.

A period's whole months are read from the monthly rollup case_steps, the days around them from the
cases (minyi.month_rollups): the default view's three periods then cost their months' rollup rows,
not the tens of millions of cases a province receives in them.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from minyi import month_rollups
from minyi.scope import Scope

KEYS = ["source", "township", "department", "satisfaction", "deadline_stated", "closure_known", "repeat_known"]
COUNTS = ["received", "closed", "closed_on_time", "repeat_cases"]


def cells(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """The cells of the cases received in the scope's period, closure judged at its end."""
    return of_periods(con, [scope])[0]


def of_periods(con: duckdb.DuckDBPyConnection, scopes: list[Scope]) -> list[pd.DataFrame]:
    """The cells of several scopes with the same filters (a period, its 同比 and 环比) in one read
    of the rollup; each is memoised as if read alone."""
    place = {"source": scopes[0].source, "township": scopes[0].township, "department": scopes[0].department,
             "category": scopes[0].category}
    counted = month_rollups.standing(con, "case_cells", "case_cells", [scope.period for scope in scopes], KEYS, place)
    return [frame.reindex(columns=KEYS + COUNTS, fill_value=0) for frame in counted]


def read_ahead(con: duckdb.DuckDBPyConnection, scopes: list[Scope]) -> None:
    """Read the cells of `scopes` at once for the memo of a SnapshotReader, so the per-period reads
    that follow cost nothing (planning a query costs DuckDB more than summing a rollup's months);
    nothing on a plain connection, which keeps no memo."""
    if getattr(con, "snapshot", None) is not None and len(scopes) > 1:
        of_periods(con, scopes)
