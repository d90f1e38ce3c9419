"""Volumes for the 信访/投诉 trend page: over time, by channel and category, township × month, and
the case list behind a number."""

from __future__ import annotations

import duckdb
import pandas as pd

from minyi import config, db, formatting, metrics
from minyi.periods import longer_than_a_year, whole_months
from minyi.scope import SOURCE_LABELS, Scope

GRAINS = {"month": "月", "week": "周", "day": "日"}
OTHER = "其他"
CASE_LIST_LIMIT = 500


BREAKDOWNS = ("source", "township", "department", "category", "channel")


def _received(con: duckdb.DuckDBPyConnection, scope: Scope, rollup_query: str, raw_query: str, keys: list[str],
              **params) -> pd.DataFrame:
    """A count query answered from the monthly rollup for the period's whole months and from
    the case facts for the days around them, added up by `keys`."""
    whole, edges = whole_months(scope.period)
    parts = [db.run(con, raw_query, **scope.with_period(edge).params(), **params) for edge in edges]
    if whole is not None:
        parts.append(db.run(con, rollup_query, **scope.with_period(whole).params()))
    for part in parts:
        if "bucket" in part:  # a date from the rollup, a timestamp from date_trunc: one type to add up
            part["bucket"] = pd.to_datetime(part["bucket"])
    frame = pd.concat(parts, ignore_index=True)
    return frame.groupby(keys, as_index=False)["received"].sum() if len(parts) > 1 else frame


def received_cells(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Cases received per source, township, department, category and channel."""
    return _received(con, scope, "received_month_cells", "received_cells", list(BREAKDOWNS))


def received_series(con: duckdb.DuckDBPyConnection, scope: Scope, grain: str) -> pd.DataFrame:
    """Cases received per source, township and bucket (columns source, township, bucket, received)."""
    if grain == "month":
        series = _received(con, scope, "received_month_series", "received_series", ["source", "township", "bucket"],
                           grain="month")
    else:
        series = db.run(con, "received_series", **scope.params(), grain=grain)
    series["bucket"] = pd.to_datetime(series["bucket"])
    return series.sort_values(["bucket", "source", "township"], ignore_index=True)


def volume_series(con: duckdb.DuckDBPyConnection, scope: Scope, grain: str) -> pd.DataFrame:
    """Cases received per bucket, one series per source. Columns: bucket, group, value."""
    series = received_series(con, scope, grain).groupby(["bucket", "source"], as_index=False)["received"].sum()
    return pd.DataFrame({"bucket": series["bucket"], "group": series["source"].map(SOURCE_LABELS),
                         "value": series["received"]})


def volume_by(con: duckdb.DuckDBPyConnection, scope: Scope, by: str) -> pd.DataFrame:
    """Cases received per unit (a source, township, department, category or channel) with the
    同比 change, busiest first. Columns: unit, received, received_earlier, yoy."""
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {BREAKDOWNS}")
    current = received_cells(con, scope).groupby(by)["received"].sum()
    # a period longer than a year has no 同比: its window would overlap the period (see filters.View.compared)
    earlier = (None if longer_than_a_year(scope.period)
               else received_cells(con, scope.last_year()).groupby(by)["received"].sum())
    table = pd.DataFrame({"received": current, "received_earlier": earlier}).fillna(0).astype(int)
    table = table.rename_axis("unit").reset_index().sort_values(["received", "unit"], ascending=[False, True],
                                                                 ignore_index=True)
    table["yoy"] = [metrics.change(c, e) for c, e in zip(table["received"], table["received_earlier"])]
    return table


def top_with_other(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """The n largest units and one 其他 row adding up the rest, so the total stays whole."""
    if len(table) <= n + 1:
        return table.reset_index(drop=True)
    head, rest = table.iloc[:n], table.iloc[n:]
    other = {"unit": f"{OTHER}（{len(rest)}类）", "received": int(rest["received"].sum()),
             "received_earlier": int(rest["received_earlier"].sum())}
    other["yoy"] = metrics.change(other["received"], other["received_earlier"])
    return pd.concat([head, pd.DataFrame([other])], ignore_index=True)


def labelled_bars(table: pd.DataFrame) -> pd.DataFrame:
    """Bar rows for charts.ranked_bars: count, share of the total, and 同比 at the bar end."""
    total = table["received"].sum()
    min_base = config.comparison_min_base()  # below it the base is quoted, not a percentage

    def compared(received, earlier) -> str:
        delta = formatting.count_change(received, earlier, "同比", min_base)
        return "" if delta is None else f"　{delta}" if earlier < min_base else f"　同比{delta}"
    texts = [f"{formatting.count(r)}　占{formatting.percent(r / total if total else None)}" + compared(r, e)
             for r, e in zip(table["received"], table["received_earlier"])]
    return pd.DataFrame({"label": table["unit"], "value": table["received"], "text": texts})


def township_by_month(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Matrix of cases received: townships (rows, busiest first) × months (columns, 2012-01 ...)."""
    series = received_series(con, scope, "month")
    if series.empty:
        return pd.DataFrame()
    series["month"] = series["bucket"].dt.strftime("%Y-%m")
    matrix = series.pivot_table(index="township", columns="month", values="received", aggfunc="sum", fill_value=0)
    return matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]


def case_list(con: duckdb.DuckDBPyConnection, scope: Scope) -> tuple[pd.DataFrame, int]:
    """Up to CASE_LIST_LIMIT cases of the scope, newest first, and how many there are in all."""
    total = int(db.run(con, "case_total", **scope.params())["cases"].iloc[0])
    cases = db.run(con, "case_list", **scope.params(), limit=CASE_LIST_LIMIT)
    cases["source"] = cases["source"].map(SOURCE_LABELS)
    return cases, total
