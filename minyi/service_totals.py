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
    """咨询人次 in the period per `by` (county, centre, month); None without any stored count."""
    if not stored_consultations(con):
        return None
    return db.run_if_present(con, "service/consultation_counts", start=start, end=end, by=by, township=township)


def consultation_total(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date,
                       township: str | None = None) -> int | None:
    """All 咨询人次 of the period (0 when none fell in it); None without any stored count."""
    table = consultations(con, start, end, "county", township)
    return None if table is None else int(table["visits"].sum())


def stored_consultations(con: duckdb.DuckDBPyConnection) -> int:
    span = db.run_if_present(con, "service/consultation_span")
    return 0 if span is None else int(span["visits"].iloc[0])


def catalogue_years(con: duckdb.DuckDBPyConnection, level: str | None = None) -> pd.DataFrame:
    """One row per year of the 事项目录 (year, matters, departments) on a level (None: all)."""
    table = db.run_if_present(con, "service/catalogue_years", level=level)
    return pd.DataFrame(columns=["year", "matters", "departments"]) if table is None else table


def catalogue_levels(con: duckdb.DuckDBPyConnection) -> list[str]:
    table = db.run_if_present(con, "service/catalogue_levels")
    return [] if table is None else list(table["service_level"])


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
