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
from minyi.periods import Period, is_month_end, whole_months

# Month columns come as dates from a rollup and as timestamps from date_trunc: one type to add up.
MONTH_COLUMNS = ("bucket", "month")


def summed(con: duckdb.DuckDBPyConnection, query: str, rollup_query: str, period: Period, keys: list[str],
           params_of: Callable[[Period], dict], **query_only) -> pd.DataFrame:
    """The rows of `query` over `period`, summed by `keys`: `rollup_query` answers the whole months,
    `query` the days before and after them. `params_of` gives a part's query parameters (its start
    and end, with the filters); `query_only` are more for `query` alone."""
    whole, edges = whole_months(period)
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
             keys: list[str], place: dict, **counting) -> list[pd.DataFrame]:
    """For each period, the rows of `query` (parameters start, end, as_of, the `place` filters and
    `counting`) over it as things stood at its end, summed by `keys`. Every period's whole months
    come from one run of `rollup_query` + "_whole_months" (parameters parts: [{start, end, as_of}],
    first, last; rows numbered by `part`), with, for a period ending inside a month, the steps of
    that month from one run of `rollup_query` + "_inside_month"; the days around the whole months
    from `query`. None for `rollup_query`: the records only. Each period's rollup rows are memoised
    as the runs for it alone, so later calls for one of the periods read nothing, and a batch
    leaves out the periods already memoised."""
    splits = [whole_months(period) if rollup_query else (None, [period]) for period in periods]
    parts = []  # each whole-month span and standing once (a month's view is also its 环比's current)
    for period, (whole, _) in zip(periods, splits):
        part = None if whole is None else {"start": whole.start, "end": whole.end, "as_of": period.end}
        if part is not None and part not in parts:
            parts.append(part)
    unread = [part for part in parts
              if not all(db.memoised(con, name, **params) for name, params in _rollup_runs(rollup_query, [part], place, counting))]
    batch = [(name, db.run(con, name, **params)) for name, params in _rollup_runs(rollup_query, unread, place, counting)]
    counted = []
    for period, (whole, edges) in zip(periods, splits):
        frames = [db.run(con, query, start=edge.start, end=edge.end, as_of=period.end, **place, **counting)
                  for edge in edges]
        if whole is not None:
            part = {"start": whole.start, "end": whole.end, "as_of": period.end}
            alone = dict(_rollup_runs(rollup_query, [part], place, counting))
            if part not in unread:
                frames += [db.run(con, name, **params).drop(columns="part") for name, params in alone.items()]
            for name, rows in batch if part in unread else []:
                own = rows[rows["part"] == unread.index(part) + 1].reset_index(drop=True)
                if len(unread) > 1 and name in alone:
                    db.remember(con, name, own.assign(part=1), **alone[name])
                frames.append(own.drop(columns="part"))
        counted.append(_added(frames, keys))
    return counted


def _rollup_runs(rollup_query: str | None, parts: list[dict], place: dict, counting: dict) -> list[tuple[str, dict]]:
    """The rollup queries, with their parameters, that count `parts`: the whole months, and the
    steps inside a month when some part's as_of is not a month's last day (none without parts)."""
    if not parts:
        return []
    runs = [(f"{rollup_query}_whole_months", {"parts": parts, "first": min(part["start"] for part in parts),
                                               "last": max(part["end"] for part in parts), **place, **counting})]
    inside = [part for part in parts if not is_month_end(part["as_of"])]
    if inside:
        runs.append((f"{rollup_query}_inside_month", {"parts": parts,
                                                      "day_from": min(part["as_of"].replace(day=1) for part in inside),
                                                      "day_to": max(part["as_of"] for part in inside), **place}))
    return runs


def _added(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """The frames' rows summed by `keys` (a count missing from a frame adds 0)."""
    frames = [frame for frame in frames if len(frame)] or frames[:1]
    if len(frames) == 1:
        return frames[0]
    added = pd.concat(frames, ignore_index=True)
    counts = [column for column in added.columns if column not in keys]
    added[counts] = added[counts].fillna(0).astype("int64")
    return added.groupby(keys, as_index=False, dropna=False, sort=False).sum()
