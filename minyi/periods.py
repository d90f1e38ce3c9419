"""Reporting periods and the periods they are compared with (同比, 环比).

Government reports compare a period with the same dates one year earlier (同比) and with
the immediately preceding period of the same length (环比). 29 February maps to 28 February.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"结束日期 {self.end} 早于开始日期 {self.start}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def end_label(self) -> str:
        """The period's last day as a briefing writes it after 截至: 9月30日, with its year
        (2020年1月8日) when the period spans years."""
        year = f"{self.end.year}年" if self.start.year != self.end.year else ""
        return f"{year}{self.end.month}月{self.end.day}日"

    def label(self) -> str:
        """Chinese label as in briefings: 2012年1-9月, 2012年3月, 2012年, or 2012年1月1日-9月15日."""
        s, e = self.start, self.end
        whole_months = s.day == 1 and (e + dt.timedelta(days=1)).day == 1
        if whole_months and s.year == e.year:
            if s.month == e.month:
                return f"{s.year}年{s.month}月"
            if s.month == 1 and e.month == 12:
                return f"{s.year}年"
            return f"{s.year}年{s.month}-{e.month}月"
        if s.year == e.year:
            return f"{s.year}年{s.month}月{s.day}日-{e.month}月{e.day}日"
        return f"{s.year}年{s.month}月{s.day}日-{e.year}年{e.month}月{e.day}日"


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative); a month's last day stays a month's
    last day (2025-02-28 a year back is 2024-02-29), a day past the month's end is cut to it."""
    first = _add_months(day, months)
    last = _add_months(first, 1) - dt.timedelta(days=1)
    return last if is_month_end(day) else first.replace(day=min(day.day, last.day))


def is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def same_period_last_year(period: Period) -> Period:
    """同比: the same dates one year earlier; whole months stay whole (2025年2月 is compared with
    all 29 days of February 2024, and 29 February 2012 with 28 February 2011)."""
    return Period(shift_months(period.start, -12), shift_months(period.end, -12))


def previous_period(period: Period, chosen_months: int | None = None) -> Period:
    """环比: the preceding whole months of the same count when the period is whole months,
    otherwise the same number of days immediately before. `chosen_months` is for a period of
    that many whole months cut short at the last day with data: it steps back that many months
    and keeps the cut (8月1–15日 for 9月1–15日), so the comparison stays like for like."""
    s, e = period.start, period.end
    if chosen_months:
        return Period(shift_months(s, -chosen_months), shift_months(e, -chosen_months))
    if s.day == 1 and is_month_end(e):
        months = (e.year - s.year) * 12 + e.month - s.month + 1
        first = _add_months(s, -months)
        return Period(first, s - dt.timedelta(days=1))
    return Period(s - dt.timedelta(days=period.days), s - dt.timedelta(days=1))


def longer_than_a_year(period: Period) -> bool:
    """Whether a period runs past one year from its start (2012-01-01 to 2012-12-31 does not;
    to 2013-01-01 does). Its 同比 and 环比 windows would overlap the period itself, so such a
    period is shown without them."""
    return period.end >= shift_months(period.start, 12)


def month_count(period: Period) -> int | None:
    """How many whole months a period is (None when it does not start and end on month edges)."""
    if period.start.day != 1 or not is_month_end(period.end):
        return None
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month(year: int, number: int) -> Period:
    return Period(dt.date(year, number, 1), _add_months(dt.date(year, number, 1), 1) - dt.timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    return Period(month(year, 3 * number - 2).start, month(year, 3 * number).end)


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31))


def year_to_date(year: int, through_month: int) -> Period:
    """1–N月: January to the end of month N."""
    return Period(dt.date(year, 1, 1), month(year, through_month).end)


def cut_at_data_end(period: Period, last_day: dt.date | None) -> tuple[Period, bool]:
    """The period ended at the last day with data, and whether that cut it short. A month still
    in progress is then compared like for like: 1–15日 with 1–15日 of the comparison period."""
    if last_day is None or period.end <= last_day or period.start > last_day:
        return period, False
    return Period(period.start, last_day), True


def whole_months(period: Period) -> tuple[Period | None, list[Period]]:
    """The period split into its whole calendar months (one span, or None) and the partial-month
    days before and after them, so monthly rollups serve the whole months."""
    first = period.start if period.start.day == 1 else _add_months(period.start, 1)
    after = period.end + dt.timedelta(days=1)
    last = after if after.day == 1 else dt.date(after.year, after.month, 1)
    if first >= last:
        return None, [period]
    edges = []
    if period.start < first:
        edges.append(Period(period.start, first - dt.timedelta(days=1)))
    if last <= period.end:
        edges.append(Period(last, period.end))
    return Period(first, last - dt.timedelta(days=1)), edges
