"""China's working-day calendar for deadlines counted in 工作日.

Official holidays and make-up workdays (调休) are published one year at a time. Known years
come from the `chinesecalendar` package; a small TOML file (setting MINYI_HOLIDAYS) adds or
corrects years; any year known to neither falls back to "Monday–Friday are workdays", and
that fallback is reported as a warning and recorded per day, never silently assumed.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

import chinese_calendar
import pandas as pd

OFFICIAL = "official"
HOLIDAYS_FILE = "holidays_file"
WEEKEND_FALLBACK = "weekend_fallback"


@dataclass(frozen=True)
class YearRule:
    basis: str
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


class HolidaysFileError(ValueError):
    pass


def _expand(entries: list[str], file: Path, year: str) -> set[dt.date]:
    """Dates from "2027-02-05" or "2027-02-05..2027-02-11" entries."""
    days: set[dt.date] = set()
    for entry in entries:
        try:
            first, _, last = str(entry).partition("..")
            start = dt.date.fromisoformat(first.strip())
            end = dt.date.fromisoformat(last.strip()) if last else start
        except ValueError as error:
            raise HolidaysFileError(f"节假日文件 {file} 中 [{year}] 的日期「{entry}」无法识别：{error}") from None
        days.update(pd.date_range(start, end).date)
    return days


def load_holidays_file(path: Path) -> dict[int, YearRule]:
    """Years defined in the user's holidays file; a missing file defines none."""
    if not path.exists():
        return {}
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise HolidaysFileError(f"节假日文件 {path} 无法读取：{error}") from None
    rules = {}
    for year, section in data.items():
        if not str(year).isdigit() or not isinstance(section, dict):
            raise HolidaysFileError(f"节假日文件 {path} 中的「{year}」不是年份表，应写作 [2027]")
        rules[int(year)] = YearRule(
            HOLIDAYS_FILE,
            frozenset(_expand(section.get("holidays", []), path, year)),
            frozenset(_expand(section.get("workdays", []), path, year)),
        )
    return rules


def _official_rule(year: int) -> YearRule | None:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return None
    holidays = frozenset(d for d in chinese_calendar.holidays if d.year == year)
    workdays = frozenset(d for d in chinese_calendar.workdays if d.year == year)
    return YearRule(OFFICIAL, holidays, workdays)


def year_rule(year: int, from_file: dict[int, YearRule]) -> YearRule:
    """The holidays file (`from_file`, as load_holidays_file reads it) wins over the package,
    which wins over the weekend-only fallback."""
    return from_file.get(year) or _official_rule(year) or YearRule(WEEKEND_FALLBACK, frozenset(), frozenset())


def calendar_days(start: dt.date, end: dt.date, holidays_file: Path) -> tuple[pd.DataFrame, list[str]]:
    """One row per day in [start, end]: day, is_workday, basis; plus a warning per fallback year."""
    days = pd.date_range(start, end, freq="D")
    from_file = load_holidays_file(holidays_file)
    rules = {year: year_rule(year, from_file) for year in sorted(set(days.year))}
    is_workday, basis = [], []
    for day in days.date:
        rule = rules[day.year]
        is_workday.append(day in rule.workdays or (day.weekday() < 5 and day not in rule.holidays))
        basis.append(rule.basis)
    warnings = [fallback_warning(year, holidays_file) for year, rule in rules.items() if rule.basis == WEEKEND_FALLBACK]
    frame = pd.DataFrame({"day": days.date, "is_workday": is_workday, "basis": basis})
    return frame, warnings


def fallback_warning(year: int, holidays_file: Path, cases: int | None = None) -> str:
    affected = f"{cases:,} 件的办理时限" if cases else "工作日"
    return (f"{year}年的法定节假日安排未知，{affected}暂按周一至周五计算；"
            f"国务院公布后请在 {holidays_file} 中补充，再重新导入。")


def add_working_days(day: dt.date, count: int, holidays_file: Path) -> tuple[dt.date, str]:
    """The `count`-th workday after `day` and the basis used; the reference for the SQL rule."""
    frame, _ = calendar_days(day, day + dt.timedelta(days=count * 3 + 40), holidays_file)
    later = frame[(frame["day"] > day) & frame["is_workday"]]
    row = later.iloc[count - 1]
    return row["day"], row["basis"]
