"""Reporting periods and the periods they are compared with (同比, 环比).

Government reports compare a period with the same dates one year earlier (同比) and with
the immediately preceding period of the same length (环比). 29 February maps to 28 February.
"""

from __future__ import annotations

import datetime as dt
import re
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
        if s == e:
            return f"{s.year}年{s.month}月{s.day}日"
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


def prose_label(period: Period) -> str:
    """The period as a sentence writes it: 2012年1-9月 for whole months (as label), but 至 between
    two days: 2012年1月1日至9月1日, 2012年9月1日至15日, 2011年12月1日至2012年1月15日."""
    s, e = period.start, period.end
    if (s.year, s.month) == (e.year, e.month) and s != e and period.label().endswith("日"):
        return f"{s.year}年{s.month}月{s.day}日至{e.day}日"
    return period.label().replace("日-", "日至")


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


# The period kinds of the sidebar (filters.PERIOD_KINDS): 1–N月, 月, 季度, 年, 自定义.
KINDS = ("ytd", "month", "quarter", "year", "custom")


def kind_of(period: Period) -> str:
    """The kind a period reads as when nobody chose one (the command line's --from/--to): January
    to a month end of the same year is 1–N月 (1–1月 is also 月; 1–3月 reads as 1–N月, not 第1季度),
    one whole month 月, a calendar quarter 季度, January to December 年, anything else 自定义."""
    months = month_count(period)
    if months is None:
        return "custom"
    if period.start.month == 1 and months == 12:
        return "year"
    if period.start.month == 1 and period.end.year == period.start.year:
        return "ytd"
    if months == 1:
        return "month"
    if months == 3 and period.start.month % 3 == 1:
        return "quarter"
    return "custom"


@dataclass(frozen=True)
class PopWindows:
    """环比 as counties read it: `current` (the period, or for 1–N月 its latest month) against
    `previous` (the month or quarter before), and the word a report uses (环比, 9月环比)."""

    current: Period
    previous: Period
    label: str

    @property
    def latest_month_only(self) -> bool:
        """Whether the 环比 is of the latest month of a longer period (1–N月), not of the period."""
        return self.label != "环比"


def pop_windows(period: Period, kind: str, chosen_months: int | None = None) -> PopWindows | None:
    """环比 per period kind: 月 against the month before, 季度 against the quarter before (a period
    cut at the data's end keeps the cut, see previous_period); 1–N月 compares its latest month N
    with month N−1 (9月环比; for 1–1月 the period is that month); 年 and 自定义 have none (a year's
    previous period is last year, which 同比 already says)."""
    if kind in ("month", "quarter"):
        return PopWindows(period, previous_period(period, chosen_months), "环比")
    if kind != "ytd":
        return None
    latest = Period(max(period.start, period.end.replace(day=1)), period.end)
    previous = Period(shift_months(latest.start, -1), shift_months(latest.end, -1))
    return PopWindows(latest, previous, "环比" if latest == period else f"{period.end.month}月环比")


POP_BASELINES = {"month": "上月", "quarter": "上季度", "ytd": "上月"}
NO_POP_BASELINE = "上期"  # 年 and 自定义 have no 环比; no sentence should reach this word


def pop_baseline(kind: str) -> str:
    """What a 环比 compares with, named as a report names it: 上月 for 月 and for 1–N月 (whose 环比 is of
    its latest month), 上季度 for 季度 (上月仅3件, 上季度为0件)."""
    return POP_BASELINES.get(kind, NO_POP_BASELINE)


def rank_baseline(period: Period, kind: str, chosen_months: int | None = None) -> Period | None:
    """The period a ranking's 名次变化 is measured against: for 月 and 季度 the 环比 period; for
    1–N月 the previous month's cumulative ranking 1–(N−1)月 (the last monthly 通报; cut like for like);
    for 1–1月 the month before; 年 and 自定义 none."""
    windows = pop_windows(period, kind, chosen_months)
    if windows is None:
        return None
    if kind == "ytd" and windows.latest_month_only:
        return Period(period.start, shift_months(period.end, -1))
    return windows.previous


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


def half_year(year: int, number: int) -> Period:
    return Period(month(year, 6 * number - 5).start, month(year, 6 * number).end)


ASSESSMENT_PERIOD = re.compile(r"^(\d{4})年?(?:(H[12]|上半年|下半年)|Q([1-4])|第([一二三四1-4])季度)?$", re.IGNORECASE)
MONTH_SPAN = re.compile(r"^(\d{4})年(\d{1,2})-(\d{1,2})月$")
QUARTER_WORDS = "一二三四"


def assessment_period(text: str) -> Period:
    """A 考核 period as written on the command line, in a URL or in a 考核手工评分表: 2012 (the
    year), 2012H1 or 2012上半年, 2012Q3 or 2012年第三季度, or a label such as 2012年7-9月 that is
    one of those. ValueError (in Chinese) for anything else."""
    text = text.strip()
    span = MONTH_SPAN.match(text)
    if span:
        year_number, first, last = map(int, span.groups())
        for period in (year(year_number), *(half_year(year_number, n) for n in (1, 2)),
                       *(quarter(year_number, n) for n in range(1, 5))):
            if (period.start.month, period.end.month) == (first, last):
                return period
    found = ASSESSMENT_PERIOD.match(text)
    if not found:
        raise ValueError(f"考核期间“{text}”无法识别：请写 2012（年度）、2012H1/2012H2（半年）或 2012Q1–2012Q4（季度）")
    year_number, half, quarter_number, quarter_word = found.groups()
    year_number = int(year_number)
    if half:
        return half_year(year_number, 1 if half.upper() in ("H1", "上半年") else 2)
    if quarter_number or quarter_word:
        word = quarter_number or quarter_word
        return quarter(year_number, int(word) if word.isdigit() else QUARTER_WORDS.index(word) + 1)
    return year(year_number)


def assessment_label(period: Period) -> str:
    """A 考核 period as a 考核表 names it: 2012年, 2012年上半年, 2012年第三季度 (else its label)."""
    months = month_count(period)
    if months == 6 and period.start.month in (1, 7):
        return f"{period.start.year}年{'上' if period.start.month == 1 else '下'}半年"
    if months == 3 and period.start.month % 3 == 1:
        return f"{period.start.year}年第{QUARTER_WORDS[period.start.month // 3]}季度"
    return period.label()


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
