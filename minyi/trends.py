"""Volumes for the 信访/投诉 trend page: over time, by channel and category, township × month, and
the case list behind a number.

The queries return only the buckets that have cases; a series here has every bucket of the
period (within the data's span) with 0 where nothing was received, so a line never bridges
an empty month. A span longer than LONG_SPAN_MONTHS is shown by year: 108 monthly points or a
this-year-against-last-year chart would hide the early years of a nine-year export.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from minyi import config, coverage, db, formatting, metrics, month_rollups, view_cache
from minyi.periods import Period
from minyi.scope import SOURCE_LABELS, Scope

GRAINS = {"year": "年", "month": "月", "week": "周", "day": "日"}
LONG_SPAN_MONTHS = 24  # a longer period is drawn one point per year
_FREQUENCIES = {"year": "YS", "month": "MS", "week": "W-MON", "day": "D"}
OTHER = "其他"
CASE_LIST_LIMIT = 500


BREAKDOWNS = ("source", "township", "department", "category", "channel")


def _received(con: duckdb.DuckDBPyConnection, scope: Scope, rollup_query: str, raw_query: str, keys: list[str],
              **params) -> pd.DataFrame:
    """A count query answered from the monthly rollup for the period's whole months and from
    the case facts for the days around them, added up by `keys`."""
    return month_rollups.summed(con, raw_query, rollup_query, scope.period, keys,
                                lambda part: scope.with_period(part).params(), **params)


def received_cells(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Cases received per source, township, department, category and channel."""
    return _received(con, scope, "received_month_cells", "received_cells", list(BREAKDOWNS))


def months_spanned(period: Period) -> int:
    """How many calendar months a period touches (1 Jan–3 Feb: 2)."""
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def default_grain(period: Period) -> str:
    """year for a period longer than LONG_SPAN_MONTHS, else month."""
    return "year" if months_spanned(period) > LONG_SPAN_MONTHS else "month"


def _bucket_start(day: dt.date, grain: str) -> pd.Timestamp:
    stamp = pd.Timestamp(day)
    if grain == "year":
        return pd.Timestamp(day.year, 1, 1)
    if grain == "month":
        return pd.Timestamp(day.year, day.month, 1)
    return stamp - pd.Timedelta(days=day.weekday()) if grain == "week" else stamp


def buckets(period: Period, grain: str, data: Period | None = None) -> pd.DatetimeIndex:
    """The first days of every bucket (year, month, Monday-started week, day) the period touches,
    kept within the data's span when given: a month before the first export or after its last
    day is unknown, not 0."""
    start, end = period.start, period.end
    if data is not None:
        start, end = max(start, data.start), min(end, data.end)
    if end < start:
        return pd.DatetimeIndex([])
    return pd.date_range(_bucket_start(start, grain), _bucket_start(end, grain), freq=_FREQUENCIES[grain])


def filled(series: pd.DataFrame, keys: list[str], every: pd.DatetimeIndex,
           starts: dict[str, pd.Timestamp] | None = None) -> pd.DataFrame:
    """`series` (columns bucket, *keys, and counts) with a 0 row for every bucket in `every` and
    every combination of `keys` it has, so an empty month shows as 0 instead of vanishing; with
    `starts` (the first bucket of each value of the one key), none before a group's start."""
    counts = [column for column in series.columns if column not in ("bucket", *keys)]
    if keys:
        groups = series[keys].drop_duplicates()
        grid = groups.merge(pd.DataFrame({"bucket": every}), how="cross")
        if starts:
            grid = grid[grid["bucket"] >= grid[keys[0]].map(starts).fillna(pd.Timestamp.min)]
    else:
        grid = pd.DataFrame({"bucket": every})
    whole = grid.merge(series, on=["bucket", *keys], how="outer")
    whole[counts] = whole[counts].fillna(0).astype("int64")
    return whole.sort_values(["bucket", *keys], ignore_index=True)[["bucket", *keys, *counts]]


def monthly_groups(table: pd.DataFrame, group: str, value: str, start: dt.date, last: dt.date,
                   order: list[str]) -> pd.DataFrame:
    """Counts per month and group (`table`: month, `group`, `value`; only months with records) as
    time_charts.volume_over_time reads them (bucket, group, value): every month from `start`'s to
    `last`'s of every group in `order`, 0 where the group had none, so a quiet month is no gap."""
    months = pd.date_range(pd.Timestamp(start).to_period("M").start_time, pd.Timestamp(last), freq="MS")
    counts = table.pivot_table(index="month", columns=group, values=value, aggfunc="sum")
    counts = counts.reindex(months, fill_value=0).fillna(0).astype(int)
    return pd.DataFrame([{"bucket": month, "group": name, "value": int(counts.at[month, name])}
                         for name in order for month in months])


def bucket_label(bucket: pd.Timestamp, grain: str, period: Period) -> str:
    """A bucket as a chart or table column labels it: a year as 2016年 when the period covers the
    whole year, else the part it covers (2024年1-8月), so a partial year is never read as a whole
    one; a month as 8月 within one calendar year, 2011年12月 across years (each label names one
    month); a day as 9月2日."""
    if grain == "month":
        return f"{bucket.month}月" if period.start.year == period.end.year else f"{bucket.year}年{bucket.month}月"
    if grain != "year":
        return f"{bucket.month}月{bucket.day}日"
    part = Period(max(period.start, dt.date(bucket.year, 1, 1)), min(period.end, dt.date(bucket.year, 12, 31)))
    return part.label()


def is_partial_year(bucket: pd.Timestamp, period: Period) -> bool:
    return period.start > dt.date(bucket.year, 1, 1) or period.end < dt.date(bucket.year, 12, 31)


def bucket_end(bucket: pd.Timestamp, grain: str) -> dt.date:
    """The last day of a bucket starting on `bucket`."""
    step = {"year": pd.DateOffset(years=1), "month": pd.DateOffset(months=1), "week": pd.Timedelta(days=7),
            "day": pd.Timedelta(days=1)}[grain]
    return (bucket + step - pd.Timedelta(days=1)).date()


def partial_note(bucket: pd.Timestamp, grain: str, period: Period, data: Period | None = None) -> str:
    """The label beside a point that stands for only part of its month or week: 8月（截至15日）
    when the period or the data's span `data` ends inside it, 3月（5日起） when the period starts
    inside it (not the data: a first receipt on 3 January is a holiday, not a partial month);
    empty for a whole bucket, a day, or a year (whose axis label already says 2024年1-8月)."""
    if grain not in ("month", "week"):
        return ""
    first, last = bucket.date(), bucket_end(bucket, grain)
    end = min(period.end, data.end) if data is not None else period.end
    late_start, early_end = first < period.start <= last, first <= end < last
    if not (late_start or early_end):
        return ""
    if grain == "month":
        name, since, until = f"{bucket.month}月", f"{period.start.day}日", f"{end.day}日"
    else:  # a week may reach into the next month
        name, since, until = (f"{bucket.month}月{bucket.day}日当周", f"{period.start.month}月{period.start.day}日",
                              f"{end.month}月{end.day}日")
    if late_start and early_end:
        return f"{name}（{since}-{until}）"
    return f"{name}（{since}起）" if late_start else f"{name}（截至{until}）"


def partial_notes(buckets_: pd.Series, grain: str, period: Period, data: Period | None) -> list[str]:
    return [partial_note(bucket, grain, period, data) for bucket in buckets_]


def partial_years_note(period: Period) -> str:
    """For a by-year chart's 口径: which of its years the period covers only in part
    (2016年3-12月、2024年1-8月不满一年); empty when all are whole."""
    stamps = [pd.Timestamp(year, 1, 1) for year in sorted({period.start.year, period.end.year})]
    parts = [bucket_label(stamp, "year", period) for stamp in stamps if is_partial_year(stamp, period)]
    return "、".join(parts) + "不满一年" if parts else ""


def received_series(con: duckdb.DuckDBPyConnection, scope: Scope, grain: str) -> pd.DataFrame:
    """Cases received per source, township and bucket (columns source, township, bucket, received);
    only the buckets with cases (see `filled`)."""
    if grain == "year":
        series = received_series(con, scope, "month")
        series["bucket"] = pd.to_datetime(series["bucket"].dt.year.astype(str) + "-01-01")
        series = series.groupby(["source", "township", "bucket"], as_index=False)["received"].sum()
    elif grain == "month":
        series = _received(con, scope, "received_month_series", "received_series", ["source", "township", "bucket"],
                           grain="month")
    else:
        series = db.run(con, "received_series", **scope.params(), grain=grain)
    series["bucket"] = pd.to_datetime(series["bucket"])
    return series.sort_values(["bucket", "source", "township"], ignore_index=True)


@view_cache.memoised
def volume_series(con: duckdb.DuckDBPyConnection, scope: Scope, grain: str, data: Period | None = None) -> pd.DataFrame:
    """Cases received per bucket, one series per source, every bucket of the period within the
    data's span `data` (0 where none). Columns: bucket, group, value; by year also label (the
    x-axis text, 2024年1-8月 for a partial year) and partial (the period covers the year in part);
    by month and week also note (8月（截至15日） for a bucket the period and data cover in part, see
    partial_note) and partial."""
    series = received_series(con, scope, grain).groupby(["bucket", "source"], as_index=False)["received"].sum()
    if not series.empty:
        starts = {source: _bucket_start(day, grain) for source, day in first_receipts(con).items()}
        series = filled(series, ["source"], buckets(scope.period, grain, data), starts)
    table = pd.DataFrame({"bucket": series["bucket"], "group": series["source"].map(SOURCE_LABELS),
                          "value": series["received"]})
    if grain == "year":
        table["label"] = [bucket_label(bucket, grain, scope.period) for bucket in table["bucket"]]
        table["partial"] = [is_partial_year(bucket, scope.period) for bucket in table["bucket"]]
    elif not table.empty:
        table["note"] = partial_notes(table["bucket"], grain, scope.period, data)
        table["partial"] = table["note"] != ""
    return table


def with_last_year(con: duckdb.DuckDBPyConnection, scope: Scope, series: pd.DataFrame,
                   data: Period | None = None) -> pd.DataFrame:
    """A monthly `volume_series` with each month's count a year earlier (`last_year`, None where
    the data does not reach back that far), for the dotted line under each source's own."""
    earlier = volume_series(con, scope.last_year(), "month", data)
    if earlier.empty:
        return series.assign(last_year=None)
    earlier = earlier.assign(bucket=earlier["bucket"] + pd.DateOffset(years=1))[["bucket", "group", "value"]]
    merged = series.merge(earlier.rename(columns={"value": "last_year"}), on=["bucket", "group"], how="left")
    merged["last_year"] = merged["last_year"].astype(object).where(merged["last_year"].notna(), None)
    return merged


def first_receipts(con: duckdb.DuckDBPyConnection) -> dict[str, dt.date]:
    """Each source's first receipt: its series start there, since before it its volume is unknown."""
    days = db.run(con, "source_first_days")
    return {source: pd.Timestamp(day).date() for source, day in zip(days["source"], days["first_day"])}


def source_span(con: duckdb.DuckDBPyConnection, scope: Scope, data: Period | None) -> Period | None:
    """The data's span `data` narrowed to the first receipt of the scope's one source, if any."""
    first = first_receipts(con).get(scope.source) if scope.source else None
    if data is None or first is None or first <= data.start:
        return data
    return Period(first, max(first, data.end))


@view_cache.memoised
def volume_by(con: duckdb.DuckDBPyConnection, scope: Scope, by: str) -> pd.DataFrame:
    """Cases received per unit (a source, township, department, category or channel) with the
    同比 change, busiest first. Columns: unit, received, received_earlier, yoy."""
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {BREAKDOWNS}")
    fields = coverage.read(con)

    def cells(period_scope: Scope) -> pd.DataFrame:
        table = received_cells(con, period_scope)
        return fields.keep_sources_with(by, table) if by in coverage.FIELD_LABELS else table

    current = cells(scope).groupby(by)["received"].sum()
    earlier = cells(scope.last_year()).groupby(by)["received"].sum() if scope.comparable else None  # filters.view_of
    table = pd.DataFrame({"received": current, "received_earlier": earlier}).fillna(0).astype(int)
    table = table.rename_axis("unit").reset_index().sort_values(["received", "unit"], ascending=[False, True],
                                                                 ignore_index=True)
    table["yoy"] = [metrics.trend_change(c, e) for c, e in zip(table["received"], table["received_earlier"])]
    return table


def top_with_other(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """The n largest units and one 其他 row adding up the rest, so the total stays whole."""
    if len(table) <= n + 1:
        return table.reset_index(drop=True)
    head, rest = table.iloc[:n], table.iloc[n:]
    other = {"unit": f"{OTHER}（{len(rest)}类）", "received": int(rest["received"].sum()),
             "received_earlier": int(rest["received_earlier"].sum())}
    other["yoy"] = metrics.trend_change(other["received"], other["received_earlier"])
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


@view_cache.memoised
def township_by_period(con: duckdb.DuckDBPyConnection, scope: Scope, data: Period | None = None) -> pd.DataFrame:
    """Matrix of cases received: townships (rows, busiest first, then by name) × every month of
    the period within the data's span (columns 2012-01 ..., 0 where none), or every year
    (2016年 ... 2024年1-8月) when the period is longer than LONG_SPAN_MONTHS."""
    grain = default_grain(scope.period)
    series = coverage.read(con).keep_sources_with("township", received_series(con, scope, grain))
    if series.empty:
        return pd.DataFrame()
    every = buckets(scope.period, grain, data)
    matrix = series.pivot_table(index="township", columns="bucket", values="received", aggfunc="sum", fill_value=0)
    matrix = matrix.reindex(columns=every.union(matrix.columns), fill_value=0).astype("int64")
    matrix.columns = [bucket_label(bucket, grain, scope.period) for bucket in matrix.columns]
    order = pd.DataFrame({"total": matrix.sum(axis=1), "name": matrix.index}).sort_values(
        ["total", "name"], ascending=[False, True])
    return matrix.loc[order.index].rename_axis("township")


def case_list(con: duckdb.DuckDBPyConnection, scope: Scope,
              limit: int | None = CASE_LIST_LIMIT) -> tuple[pd.DataFrame, int]:
    """Up to `limit` cases of the scope (all with None: the download), newest first, and how many
    there are in all."""
    total = int(db.run(con, "case_total", **scope.params())["cases"].iloc[0])
    cases = db.run(con, "case_list", **scope.params(), limit=limit)
    cases["source"] = cases["source"].map(SOURCE_LABELS)
    return cases, total
