"""What the 网格 page shows, computed without Streamlit: the headline rates with their 同比, the
units of one level of 乡镇 → 村（社区） → 网格 ranked by a rate with the laggards marked, events by
source month by month, and the events of one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import config, db, formatting, grid_metrics, month_rollups, timeliness, trends
from minyi.grid_metrics import LEVELS, RATE_LABELS, GridPolicy
from minyi.periods import Period
from minyi.overview import Card

# The rates a unit can be ranked by (the 结案 pair first: what 数字城管 reports lead with).
RANKED_RATES = ("closed_on_time_rate", "closure_rate", "found_rate", "disposed_on_time_rate", "reported_in_time_rate",
                "satisfaction_rate")
BASES = {"found_rate": "found_base", "reported_in_time_rate": "report_timed", "disposal_rate": "disposal_base",
         "disposed_on_time_rate": "disposal_base", "closure_rate": "closure_base",
         "closed_on_time_rate": "closure_base", "satisfaction_rate": "satisfaction_base"}
NEXT_LEVEL = {"county": "township", "township": "village", "village": "grid"}
# The widget that chooses a unit of each level: the sidebar's township filter, the page's village and grid.
DRILL_WIDGETS = {"township": "township", "village": "grid_village", "grid": "grid_grid"}


@dataclass(frozen=True)
class Place:
    """Where the page looks: the whole county, or a township, one of its villages, one grid."""

    township: str | None = None
    village: str | None = None
    grid: str | None = None
    department: str | None = None  # a department's account: the events it disposes of, wherever

    @property
    def level(self) -> str:
        return "grid" if self.grid else "village" if self.village else "township" if self.township else "county"

    def label(self) -> str:
        where = "/".join(part for part in (self.township, self.village, self.grid) if part) or "全县"
        return f"{where}（{self.department}处置）" if self.department else where

    def scope_line(self, period: Period) -> str:
        """A chart subtitle: 2012年1-9月 · 网格事件 · {place}."""
        return f"{period.label()} · 网格事件 · {self.label()}"

    def params(self) -> dict:
        return {"township": self.township, "village": self.village, "grid": self.grid, "department": self.department}


def rates(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, by: str, place: Place,
          policy: GridPolicy) -> pd.DataFrame:
    """grid_metrics.rates_by within a place: its units one level down (or the place itself, `by`
    = its own level), rows of other villages and grids left out."""
    table = grid_metrics.rates_by(con, start, end, by, township=place.township, policy=policy,
                                  department=place.department)
    for column in ("village", "grid"):
        if getattr(place, column) is not None and by in ("village", "grid"):
            table = table[table[column] == getattr(place, column)]
    return table.reset_index(drop=True)


def count_periods(con: duckdb.DuckDBPyConnection, period: Period, last_year: Period, place: Place,
                  policy: GridPolicy) -> None:
    """Count the view's period and its 同比 in one read (memoised), before its cards and rankings
    ask for them one at a time."""
    grid_metrics.count_periods(con, [period, last_year], place.township, place.department, policy.report_hours)


def cards(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, last_year: tuple[dt.date, dt.date],
          place: Place, policy: GridPolicy) -> list[Card]:
    """The headline rates of a place with their 同比 in points (a higher rate is good news) and
    their 口径 on hover; 无数据 and why for a rate the imported columns cannot support."""
    now, then = (rates(con, first, last, place.level, place, policy) for first, last in ((start, end), last_year))
    unsupported = grid_metrics.unsupported(grid_metrics.fields_carried(con))
    row = now.iloc[0] if len(now) else None
    before = then.iloc[0] if len(then) else None
    shown = []
    for rate in ("found_rate", "disposal_rate", "closure_rate", "closed_on_time_rate", "satisfaction_rate"):
        label = RATE_LABELS[rate]
        if rate in unsupported:
            shown.append(Card(label, "无数据", None, None, True, "", unsupported[rate], None))
            continue
        value = None if row is None else row[rate]
        earlier = None if before is None else before[rate]
        yoy = formatting.rate_points_change(value, earlier, None if before is None else before[BASES[rate]], "同比",
                                            config.comparison_min_base())
        base = 0 if row is None else int(row[BASES[rate]])
        shown.append(Card(label, formatting.percent(value), yoy, None, True,
                          f"{place.label()}{label}{formatting.percent(value)}（基数{base:,}件）。口径：{policy.describe(rate)}",
                          f"基数{base:,}件", None))
    return shown


def ranked(table: pd.DataFrame, rate: str) -> tuple[pd.DataFrame, set]:
    """The units' bars of a rate (named by their last part: a village's grids by the grid), best
    first, and the laggards, drawn in red."""
    bars, laggards, _ = timeliness.rate_bars(table, rate, BASES[rate], "基数",
                                             labels=table["unit"].str.split("/").str[-1])
    return bars, laggards


def hierarchy(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, place: Place, policy: GridPolicy,
              rate: str) -> pd.DataFrame:
    """The place's units on every level below it as treemap nodes (place_charts.treemap): id (乡镇/村/网格),
    parent, label, value (events) and the rate; villages and grids an export left blank are （未填写）."""
    levels = [level for level in ("township", "village", "grid") if list(LEVELS).index(level) > list(LEVELS).index(place.level)]
    parts = []
    for level in levels:
        table = rates(con, start, end, level, place, policy)
        if table.empty:
            continue
        path = table["unit"].astype(str)
        parts.append(pd.DataFrame({"id": path, "parent": path.str.rsplit("/", n=1).str[0].where(path.str.contains("/"), ""),
                                   "label": path.str.split("/").str[-1], "value": table["events"].astype(int),
                                   "rate": table[rate]}))
    nodes = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["id", "parent", "label", "value", "rate"])
    if place.level != "county":  # the place itself is the root: its units' parents are its path, drawn as the root
        root = nodes["parent"].where(nodes["id"].str.count("/") > nodes["id"].str.count("/").min(), "")
        nodes = nodes.assign(parent=root)
    return nodes


def _events_by_month(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, place: Place) -> pd.DataFrame:
    """The place's events per month and source (month, event_source, events)."""
    return month_rollups.summed(con, "grid/events_by_month", "grid/events_by_month_whole_months", Period(start, end),
                                ["month", "event_source"],
                                lambda part: {"start": part.start, "end": part.end, **place.params()})


def events_by_source(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, place: Place) -> pd.DataFrame:
    """Events per month and source, as time_charts.volume_over_time reads them (bucket, group,
    value): a month without events of a source is 0, up to the grid data's last day (not past it),
    so a quiet month is not drawn as a gap."""
    table = _events_by_month(con, start, end, place)
    if table.empty:
        return pd.DataFrame(columns=["bucket", "group", "value"])
    last = min(pd.Timestamp(end), pd.Timestamp(grid_metrics.stored_span(con)[2]))
    order = list(table.groupby("event_source")["events"].sum().sort_values(ascending=False).index)
    return trends.monthly_groups(table, "event_source", "events", start, last, order)


def event_list(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, place: Place,
               limit: int | None = None) -> pd.DataFrame:
    """The place's events of the period, newest first: the first `limit` (None: all, for a download).
    The newest `limit` are read from the latest days (the county's) or months (a place's) that hold
    that many, not from the whole period."""
    if limit is not None:
        start = _newest_start(con, start, end, place, limit)
    return db.run(con, "grid/event_list", start=start, end=end, limit=limit, **place.params())


def _newest_start(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, place: Place, limit: int) -> dt.date:
    """The first day of the latest day (county) or month (a place) from which to the period's end
    the place has at least `limit` events; `start` when the period holds fewer."""
    if place == Place():
        days = db.run(con, "grid/event_days")
        days = days[(days["day"] >= pd.Timestamp(start)) & (days["day"] <= pd.Timestamp(end))]
        counts = days.set_index("day")["records"]
    else:
        counts = _events_by_month(con, start, end, place).groupby("month")["events"].sum()
    newest_first = counts.sort_index(ascending=False)
    enough = newest_first[newest_first.cumsum() >= limit]
    return max(start, pd.Timestamp(enough.index[0]).date()) if len(enough) else start
