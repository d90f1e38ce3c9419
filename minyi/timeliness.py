"""办理时效: on-time rates and handling times by unit, the overdue backlog and late closures."""

from __future__ import annotations

import duckdb
import pandas as pd

from minyi import db, formatting, metrics, rankings
from minyi.scope import SOURCE_LABELS, Scope

LIST_LIMIT = 500


def rate_bars(table: pd.DataFrame, rate: str, denominator: str, denominator_label: str,
              assumed: str | None = None, lower_is_better: bool = False,
              labels: pd.Series | None = None) -> tuple[pd.DataFrame, set, str]:
    """Bar rows for charts.ranked_bars from a metrics table: best first, the rate and its
    denominator at the bar end (96.2%（357件）: short, so a half-width chart keeps room for its
    bars), the lowest units to mark (rankings.laggards), and the note that says what the
    bracket counts, for the chart's footnote. Units whose rate has no denominator are left out
    rather than drawn as 0%. With `assumed` (the column counting deadlines a rule assumed, for
    按时办结率): where every unit's deadlines were all assumed the note says so once; otherwise a
    bar whose unit had some says how many (96.2%（357件，推定12件）). A rate where less is better
    (`lower_is_better`: 差评率) puts the lowest first and marks the highest; `labels` names the bars
    (default: the unit)."""
    rated = table[table[rate].notna()].copy()
    rated[rate] = rated[rate].astype(float)
    if labels is not None:
        rated["unit"] = labels[rated.index]
    rated = rated.sort_values([rate, denominator], ascending=[lower_is_better, False])
    guessed = rated[assumed].fillna(0).astype(int) if assumed else pd.Series(0, index=rated.index)
    all_assumed = bool(len(rated)) and bool((guessed == rated[denominator]).all()) and bool((guessed > 0).all())
    texts = [f"{formatting.percent(value)}（{formatting.count(n)}"
             f"{f'，推定{formatting.count(g)}' if g and not all_assumed else ''}）"
             for value, n, g in zip(rated[rate], rated[denominator], guessed)]
    note = f"括号内为{denominator_label}件数"
    if all_assumed:
        note += "，各单位办理期限均按规则推定（导出文件未载明）"
    elif (guessed > 0).any():
        note += "，“推定”为其中按规则推定期限的件数"
    bars = pd.DataFrame({"label": rated["unit"], "value": rated[rate], "text": texts})
    worse_last = -bars["value"] if lower_is_better else bars["value"]
    return bars, rankings.laggards(bars["label"], worse_last.round(3)), note  # ties as shown: 95.0%


def rate_list(table: pd.DataFrame, rate: str, denominator: str) -> pd.DataFrame:
    """Every unit of a metrics table with its rate and denominator, best rate first, then by
    name; units without a rate last (the full list under a rate chart)."""
    listed = table[["unit", rate, denominator]].assign(_rate=pd.to_numeric(table[rate], errors="coerce"))
    return listed.sort_values(["_rate", "unit"], ascending=[False, True], na_position="last",
                              ignore_index=True).drop(columns="_rate")


def handling_days(con: duckdb.DuckDBPyConnection, scope: Scope, by: str) -> pd.DataFrame:
    """Cases per unit and handling day count (columns unit, handling_days, cases)."""
    return db.run(con, "handling_days", **scope.params(), by=by)


def handling_summary(days: pd.DataFrame) -> pd.DataFrame:
    """Per unit: cases closed, median, P90 and mean handling days, slowest P90 first."""
    rows = []
    for unit, group in days.groupby("unit", sort=False):
        counts = pd.DataFrame({"value": group["handling_days"], "count": group["cases"]})
        rows.append({"unit": unit, "closed": int(counts["count"].sum()), "median_days": _quantile(counts, 0.5),
                     "p90_days": _quantile(counts, 0.9),
                     "mean_days": float((counts["value"] * counts["count"]).sum() / counts["count"].sum())})
    table = pd.DataFrame(rows, columns=["unit", "closed", "median_days", "p90_days", "mean_days"])
    return table.sort_values(["p90_days", "unit"], ascending=[False, True], ignore_index=True)


def handling_histogram(days: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float | None]]:
    """Cases per handling day over all units, and the median and P90 read off the same counts."""
    totals = days.groupby("handling_days", as_index=False)["cases"].sum()
    table = pd.DataFrame({"value": totals["handling_days"], "count": totals["cases"]})
    return table, {"中位数": _quantile(table, 0.5), "P90": _quantile(table, 0.9)}


def _quantile(table: pd.DataFrame, share: float) -> float | None:
    """The smallest day count reaching `share` of the cases (a discrete quantile, as reports quote)."""
    if table.empty or not table["count"].sum():
        return None
    table = table.sort_values("value")
    reached = (table["count"].cumsum() >= share * table["count"].sum()).to_numpy()
    return float(table["value"].to_numpy()[reached.argmax()])


def _listed(cases: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    total = int(cases["listed_of"].iloc[0]) if len(cases) else 0
    cases = cases.drop(columns="listed_of")
    cases["source"] = cases["source"].map(SOURCE_LABELS)
    return cases, total


def _counted(policy: metrics.Policy | None) -> dict:
    """Which cases can be late: those with deadlines the 口径 counts (the queries leave out cases
    whose exports had no closure column, which would all read open)."""
    return {"assumed_deadlines": (policy or metrics.Policy()).assumed_deadlines}


def overdue_cases(con: duckdb.DuckDBPyConnection, scope: Scope, policy: metrics.Policy | None = None,
                  limit: int | None = LIST_LIMIT) -> tuple[pd.DataFrame, int]:
    """Open past the deadline at the period end, however long ago received; most overdue first
    (`limit` None: all of them, for the download)."""
    params = {key: value for key, value in scope.params().items() if key != "start"}
    return _listed(db.run(con, "overdue_cases", **params, **_counted(policy), limit=limit))


def late_closures(con: duckdb.DuckDBPyConnection, scope: Scope, policy: metrics.Policy | None = None,
                  limit: int | None = LIST_LIMIT) -> tuple[pd.DataFrame, int]:
    """Received in the period, closed by its end but after the deadline; latest first."""
    return _listed(db.run(con, "late_closures", **scope.params(), **_counted(policy), limit=limit))
