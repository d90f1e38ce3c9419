"""Counts over a period read from a monthly rollup for its whole calendar months and from the
records themselves for the days around them, then added up.

A page's period is mostly whole months (a month, a quarter, 1–N月), so its counts cost the
rollup's rows, not every record; only a period starting or ending inside a month (a custom
period, or one cut at a data end mid-month) reads the records of those days. Cases (case_months),
grid events and 办件 (grid_event_steps, service_item_steps) all read this way. Counts "as things
stood at the period's end" (grid events and 办件 disposed, closed, overdue) take several periods
at once (`standing`): planning a query costs DuckDB more than summing a rollup's months, and a
view shows its period with its 同比 and 环比.
"""

from __future__ import annotations

from typing import Callable

import duckdb
import pandas as pd

from minyi import db
from minyi.periods import Period, whole_months

# Month columns come as dates from a rollup and as timestamps from date_trunc: one type to add up.
MONTH_COLUMNS = ("bucket", "month")


def summed(con: duckdb.DuckDBPyConnection, query: str, rollup_query: str | None, period: Period, keys: list[str],
           params_of: Callable[[Period], dict], **query_only) -> pd.DataFrame:
    """The rows of `query` over `period`, summed by `keys`: `rollup_query` (None: the records
    only) answers the whole months, `query` the days before and after them. `params_of` gives a
    part's query parameters (its start and end, with the filters); `query_only` are more for
    `query` alone."""
    whole, edges = whole_months(period) if rollup_query else (None, [period])
    parts = [db.run(con, query, **params_of(edge), **query_only) for edge in edges]
    if whole is not None:
        parts.append(db.run(con, rollup_query, **params_of(whole)))
    if len(parts) == 1:
        return parts[0]
    for part in parts:
        for column in MONTH_COLUMNS:
            if column in part:
                part[column] = pd.to_datetime(part[column])
    frame = pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)
    return frame.groupby(keys, as_index=False, dropna=False).sum()


def standing(con: duckdb.DuckDBPyConnection, query: str, rollup_query: str | None, periods: list[Period],
             keys: list[str], filters: dict) -> list[pd.DataFrame]:
    """For each period, the rows of `query` (parameters start, end, as_of and `filters`) over it
    as things stood at its end, summed by `keys`: every period's whole months from one run of
    `rollup_query` (parameter parts: [{start, end, as_of}], rows numbered by `part`; None: the
    records only), the days around them from `query`. Each period's rollup rows are memoised as a
    run of its own, so later calls for one of the periods read nothing."""
    splits = [whole_months(period) if rollup_query else (None, [period]) for period in periods]
    parts = []  # each whole-month span and standing once (a month's view is also its 环比's current)
    for period, (whole, _) in zip(periods, splits):
        part = None if whole is None else {"start": whole.start, "end": whole.end, "as_of": period.end}
        if part is not None and part not in parts:
            parts.append(part)
    batch = db.run(con, rollup_query, parts=parts, **filters) if parts else None
    counted = []
    for period, (whole, edges) in zip(periods, splits):
        frames = [db.run(con, query, start=edge.start, end=edge.end, as_of=period.end, **filters) for edge in edges]
        if whole is not None:
            part = {"start": whole.start, "end": whole.end, "as_of": period.end}
            rows = batch[batch["part"] == parts.index(part) + 1].reset_index(drop=True)
            if len(parts) > 1:
                db.remember(con, rollup_query, rows.assign(part=1), parts=[part], **filters)
            frames.append(rows.drop(columns="part"))
        frames = [frame for frame in frames if len(frame)] or frames[:1]
        counted.append(frames[0] if len(frames) == 1
                       else pd.concat(frames, ignore_index=True).groupby(keys, as_index=False, dropna=False).sum())
    return counted
