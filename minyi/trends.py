"""Volumes for the 信访/投诉 trend page: over time, by channel and category, township × month, and
the case list behind a number."""

from __future__ import annotations

import duckdb
import pandas as pd

from minyi import db, formatting, metrics
from minyi.scope import SOURCE_LABELS, Scope

GRAINS = {"month": "月", "week": "周", "day": "日"}
OTHER = "其他"
CASE_LIST_LIMIT = 500


def volume_series(con: duckdb.DuckDBPyConnection, scope: Scope, grain: str) -> pd.DataFrame:
    """Cases received per bucket, one series per source. Columns: bucket, group, value."""
    series = db.run(con, "received_series", **scope.params(), by="source", grain=grain)
    return pd.DataFrame({"bucket": pd.to_datetime(series["bucket"]), "group": series["unit"].map(SOURCE_LABELS),
                         "value": series["received"]})


def volume_by(con: duckdb.DuckDBPyConnection, scope: Scope, by: str) -> pd.DataFrame:
    """Cases received per unit with the 同比 change. Columns: unit, received, received_earlier, yoy."""
    earlier = scope.last_year().period
    table = db.run(con, "received_by", **scope.params(), earlier_start=earlier.start, earlier_end=earlier.end, by=by)
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
    texts = [f"{formatting.count(r)}　占{formatting.percent(r / total if total else None)}"
             + (f"　同比{formatting.change(y)}" if y is not None else "")
             for r, y in zip(table["received"], table["yoy"])]
    return pd.DataFrame({"label": table["unit"], "value": table["received"], "text": texts})


def township_by_month(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Matrix of cases received: townships (rows, busiest first) × months (columns, 2012-01 ...)."""
    series = db.run(con, "received_series", **scope.params(), by="township", grain="month")
    if series.empty:
        return pd.DataFrame()
    series["month"] = pd.to_datetime(series["bucket"]).dt.strftime("%Y-%m")
    matrix = series.pivot_table(index="unit", columns="month", values="received", aggfunc="sum", fill_value=0)
    return matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]


def case_list(con: duckdb.DuckDBPyConnection, scope: Scope) -> tuple[pd.DataFrame, int]:
    """Up to CASE_LIST_LIMIT cases of the scope, newest first, and how many there are in all."""
    total = int(db.run(con, "case_total", **scope.params())["cases"].iloc[0])
    cases = db.run(con, "case_list", **scope.params(), limit=CASE_LIST_LIMIT)
    cases["source"] = cases["source"].map(SOURCE_LABELS)
    return cases, total
