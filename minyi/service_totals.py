"""The 便民服务 figures that are counts, not rates: 咨询人次 of the centres, and the 事项目录 each year
(how many matters a level may handle: "审批事项由289项精简到147项，精简49.1%").

Both come from small tables imported beside the 办件 (kinds consultation and catalogue); a
database from before them, or without any, gives None, so a page says 无数据 instead of 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import db, metrics
from minyi.periods import Period, whole_months
from minyi.scope import UNFILLED


@dataclass(frozen=True)
class CatalogueChange:
    """The 事项目录 of a year against the year before: "289→147, −49.1%"."""

    year: int
    matters: int
    previous_year: int | None
    previous_matters: int | None

    @property
    def change(self) -> float | None:
        return None if not self.previous_matters else metrics.change(self.matters, self.previous_matters)

    def sentence(self, level: str | None = None) -> str:
        what = f"{named_level(level)}事项目录"
        if self.previous_year is None:
            return f"{self.year}年{what}共{self.matters:,}项（此前年度无目录可比）。"
        verb = "精简" if self.matters < self.previous_matters else "增加" if self.matters > self.previous_matters else "持平"
        if verb == "持平":
            return f"{self.year}年{what}{self.matters:,}项，与{self.previous_year}年持平。"
        return (f"{what}由{self.previous_year}年的{self.previous_matters:,}项{verb}到{self.year}年的{self.matters:,}项，"
                f"{verb}{abs(self.change):.1%}。")


def named_level(level: str | None) -> str:
    """A level as a sentence names it: 县级; nothing for all levels or for matters listed without one."""
    return "" if level in (None, UNFILLED) else level


def changes(con: duckdb.DuckDBPyConnection, year: int) -> list[tuple[str, CatalogueChange]]:
    """The 事项目录 change of `year` on each level listed (a catalogue without levels: one, unnamed)."""
    found = [(level, catalogue_change(con, year, level)) for level in catalogue_levels(con)]
    return [(level, change) for level, change in found if change is not None]


def consultations(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, by: str = "county",
                  township: str | None = None) -> pd.DataFrame | None:
    """咨询人次 in the period per `by` (county, centre, month: unit, visits); None without any stored
    count."""
    cells = _month_centres(con, start, end, township)
    if cells is None:
        return None
    units = {"county": pd.Series(metrics.COUNTY, index=cells.index), "centre": cells["centre"],
             "month": pd.to_datetime(cells["month"]).dt.strftime("%Y-%m")}[by]
    return (cells.assign(unit=units).groupby("unit", as_index=False)["visits"].sum()
            if len(cells) else pd.DataFrame({"unit": [], "visits": []}))


def consultation_total(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date,
                       township: str | None = None) -> int | None:
    """All 咨询人次 of the period (0 when none fell in it); None without any stored count."""
    cells = _month_centres(con, start, end, township)
    return None if cells is None else int(cells["visits"].sum())


def _month_centres(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date,
                   township: str | None) -> pd.DataFrame | None:
    """The period's 咨询人次 per month, centre and township (counted once per month, see the query).
    A period of whole months takes its months from the rollup, read once for all months, so a
    view's periods (this year, 同比, 环比) and its centres share one read."""
    if not stored_consultations(con):
        return None
    whole, edges = whole_months(Period(start, end))
    if whole is None or edges or township == UNFILLED:  # the rollup counts a county-wide row against every centre
        return db.run(con, "service/consultation_counts", start=start, end=end, township=township)
    cells = db.run(con, "service/consultation_months", township=township)
    months = pd.to_datetime(cells["month"])
    return cells[(months >= pd.Timestamp(start)) & (months <= pd.Timestamp(end))].reset_index(drop=True)


def stored_consultations(con: duckdb.DuckDBPyConnection) -> int:
    span = db.run_if_present(con, "service/consultation_span")
    return 0 if span is None else int(span["visits"].iloc[0])


def catalogue_years(con: duckdb.DuckDBPyConnection, level: str | None = None) -> pd.DataFrame:
    """One row per year of the 事项目录 (year, matters, departments) on a level (None: all)."""
    table = _catalogue(con)
    rows = table[table["all_levels"]] if level is None else table[~table["all_levels"] & (table["service_level"] == level)]
    return rows[["year", "matters", "departments"]].reset_index(drop=True)


def catalogue_levels(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The levels the 事项目录 lists matters for, most matters (over all years) first."""
    table = _catalogue(con)
    matters = table[~table["all_levels"]].groupby("service_level")["matters"].sum().reset_index()
    return list(matters.sort_values(["matters", "service_level"], ascending=[False, True])["service_level"])


def _catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    table = db.run_if_present(con, "service/catalogue_years")
    return (pd.DataFrame({"service_level": [], "all_levels": pd.Series([], dtype=bool), "year": [], "matters": [],
                          "departments": []}) if table is None else table)


def catalogue_change(con: duckdb.DuckDBPyConnection, year: int, level: str | None = None) -> CatalogueChange | None:
    """The list of `year` (or the latest year before it with one) against the year before it with
    one; None without any list up to `year`."""
    years = catalogue_years(con, level)
    years = years[years["year"] <= year]
    if years.empty:
        return None
    last = years.iloc[-1]
    before = years.iloc[-2] if len(years) > 1 else None
    return CatalogueChange(int(last["year"]), int(last["matters"]),
                           None if before is None else int(before["year"]),
                           None if before is None else int(before["matters"]))
