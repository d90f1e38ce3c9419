"""The shared sidebar: period type and period, source, township, department and category.

Every choice, defaults included, is written into the link (filter_links; the key is the parameter
name), so a copied link reproduces the view whatever is imported later, and the choice survives
a page switch. Defaults follow the data (see `default_period`), and the sidebar says which
period it chose and why.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace

import duckdb
import pandas as pd
import streamlit as st

from minyi import config, db, filter_links, periods
from minyi.markdown_text import plain
from minyi.periods import Period
from minyi.scope import SOURCE_LABELS, Scope

PERIOD_KINDS = {"ytd": "1–N月", "month": "月", "quarter": "季度", "year": "年", "custom": "自定义"}
SOURCE_CHOICES = {"all": "全部", **SOURCE_LABELS}
ALL = "全部"


@dataclass(frozen=True)
class Choices:
    """What the data allows: its date span and the filter values that occur. `last_day` is the
    data's end, the latest date of any kind in it (a closure may come months after the last
    receipt); `monthly` holds the cases received per month (first day, count)."""

    first_day: dt.date | None
    last_day: dt.date | None
    townships: tuple[str, ...]
    departments: tuple[str, ...]
    categories: tuple[str, ...]
    monthly: tuple[tuple[dt.date, int], ...] = ()
    last_received: dt.date | None = None  # the last receipt, when it differs from `last_day`
    receipt_days: tuple[dt.date, ...] = ()  # every day with a receipt, oldest first

    @property
    def years(self) -> list[int]:
        if self.last_day is None:
            return []
        return list(range(self.last_day.year, self.first_day.year - 1, -1))


# The records other than cases a page may be about, and the query of their days (day, records).
RECORD_DAYS = {"grid": "grid/event_days", "service": "service/item_days"}


def read_choices(con: duckdb.DuckDBPyConnection, records: str = "cases") -> Choices:
    """What the data allows, for a page about cases or, with `records` grid or service, about grid
    events or 办件: their own span, months and days (a county may load 办件 to December and cases to
    September, or no cases at all), with the same township and department lists."""
    values = db.run(con, "filter_choices")

    def of(name: str) -> tuple[str, ...]:
        return tuple(values.loc[values["filter"] == name, "value"])

    def day(value) -> dt.date | None:
        return None if pd.isna(value) else pd.Timestamp(value).date()

    if records != "cases":
        days = db.run_if_present(con, RECORD_DAYS[records])
        if days is None:  # a database from before them
            days = pd.DataFrame({"day": [], "records": [], "closures": []})
        received = days[days["records"] > 0]
        listed = tuple(pd.Timestamp(d).date() for d in received["day"])
        by_month = received.assign(month=pd.to_datetime(received["day"]).dt.to_period("M").dt.start_time).groupby(
            "month")["records"].sum()
        monthly = tuple((month.date(), int(count)) for month, count in by_month.items())
        if not listed:
            return Choices(None, None, of("township"), of("department"), of("category"))
        return Choices(listed[0], max(listed[-1], day(days["day"].max())), of("township"), of("department"),
                       of("category"), monthly, listed[-1], listed)

    span = db.run(con, "data_span").iloc[0]

    months = db.run(con, "received_by_month")
    monthly = tuple((pd.Timestamp(month).date(), int(count)) for month, count in zip(months["month"], months["received"]))
    return Choices(day(span["first_day"]), day(span["last_day"]), of("township"), of("department"), of("category"),
                   monthly, day(span["last_received"]),
                   tuple(pd.Timestamp(d).date() for d in db.run(con, "receipt_days")["day"]))


@dataclass(frozen=True)
class DefaultPeriod:
    """The period a view opens on (`kind` as in PERIOD_KINDS, `period` before any cut) and why
    (`reason`, shown in the sidebar while the default is in force)."""

    kind: str
    period: Period
    reason: str = ""

    def note(self) -> str:
        return f"默认期间：{self.period.label()}。{self.reason}"


def _received_in(choices: Choices, period: Period) -> int:
    return sum(count for month, count in choices.monthly if period.start <= month <= period.end)


def default_period(choices: Choices, min_cases: int) -> DefaultPeriod:
    """The latest period with enough data. "Enough" means whole calendar months and at least
    `min_cases` cases received (MINYI_COMPARISON_MIN_BASE, the base a 同比 needs). The default is
    1–N月 of the data's last year, N the last month the data covers to its end (an export taken on
    10 October gives 1–9月, as the monthly report does), when that has enough; otherwise the latest
    whole year with at least `min_cases` cases; failing that, the data's last year up to its end,
    since nothing better exists."""
    last = choices.last_day
    complete = last if periods.is_month_end(last) else dt.date(last.year, last.month, 1) - dt.timedelta(days=1)
    ends = f"数据截至{last.year}年{last.month}月{last.day}日"
    if complete.year == last.year:
        ytd = periods.year_to_date(last.year, complete.month)
        received = _received_in(choices, ytd)
        if received >= min_cases:
            partial = "" if complete == last else f"，{last.month}月未满一月"
            return DefaultPeriod("ytd", ytd, f"{ends}{partial}，默认显示当年1月至最近一个完整月份。")
        why = f"{ytd.label()}仅受理{received:,}件，少于{min_cases}件"
    else:
        why = f"{ends}，{last.year}年不足一个完整月份"
    for year in range(last.year - 1, choices.first_day.year - 1, -1):
        whole = periods.year(year)
        if _received_in(choices, whole) >= min_cases:
            skipped = "" if year == last.year - 1 else f"，{year + 1}年以来各年受理也少于{min_cases}件"
            return DefaultPeriod("year", whole, f"{why}{skipped}，故默认显示最近一个数据充足的完整年度。")
    ytd = periods.year_to_date(last.year, last.month)
    return DefaultPeriod("ytd", ytd, f"{why}，但更早的年份数据也不足，仍显示{last.year}年。")


@dataclass(frozen=True)
class View:
    """The chosen scope and the span of the data it was chosen from."""

    scope: Scope
    first_day: dt.date
    last_day: dt.date
    last_received: dt.date | None = None

    @property
    def cut_short(self) -> bool:
        """Whether the chosen months were cut at the last day with data."""
        return self.scope.chosen_months is not None

    def partial_note(self) -> str:
        """For a chart subtitle: the last month holds only the days up to the last data day."""
        if not self.cut_short:
            return ""
        return f"{self.last_day.month}月仅含1–{self.last_day.day}日"

    def outside_data(self) -> str | None:
        """A note when the chosen period lies wholly before or after the data, else None."""
        period = self.scope.period
        if period.start > self.last_day or period.end < self.first_day:
            return (f"所选期间不在已有数据范围内：现有数据为{self.first_day.year}年{self.first_day.month}月{self.first_day.day}日"
                    f"至{self.last_day.year}年{self.last_day.month}月{self.last_day.day}日。")
        return None

    @property
    def compared(self) -> bool:
        """Whether the view has 同比 and 环比 (see `view_of`)."""
        return self.scope.comparable

    def comparison_note(self) -> str:
        """Which periods the 同比 and 环比 compare with, in the words a report uses; a period cut at
        the last day with data says so, since its comparisons then cover the same days only."""
        scope = self.scope
        if not self.compared and periods.longer_than_a_year(scope.period):
            return "所选期间超过一年，上年同期与本期重叠，不计算同比和环比"
        if not self.compared:
            last = self.last_received
            return (f"受理记录截至{last.year}年{last.month}月{last.day}日（此后只有办结记录，可能是导出范围所限），"
                    f"本期受理量不完整，不计算同比和环比")
        note = f"同比对比{scope.last_year().period.label()}"
        windows = scope.pop_windows()
        if windows is not None:
            note += f"，{windows.label}对比{windows.previous.label()}"
        if not self.cut_short:
            return note
        last = self.last_day
        return f"数据截至{last.year}年{last.month}月{last.day}日，本期未完，按相同日期同口径比较：{note}"


def _period(kind: str, choices: Choices, default: DefaultPeriod, link: dict[str, str], notes: list[str],
            sidebar) -> tuple[Period, dict[str, str]]:
    """The chosen period and its part of the link."""
    last, start = choices.last_day, default.period.start
    end = min(default.period.end, last)
    if kind == "custom":  # the default window clamped into the data's span (a widget refuses a value outside it)
        first = choices.first_day
        start, end = min(max(start, first), last), max(min(end, last), first)
        notes += filter(None, (filter_links.seed_day("from", first, last, start, link.get("from"), "开始日期"),
                               filter_links.seed_day("to", first, last, end, link.get("to"), "结束日期")))
        start = sidebar.date_input("开始日期", key="from", min_value=first, max_value=last, persist_state="session")
        end = sidebar.date_input("结束日期", key="to", min_value=first, max_value=last, persist_state="session")
        return Period(min(start, end), max(start, end)), {"from": start.isoformat(), "to": end.isoformat()}
    year = _picked(sidebar, "年份", "year", choices.years, start.year, link, notes, lambda y: f"{y}年")
    if kind == "year":
        return periods.year(year), {"year": f"{year}年"}
    if kind == "quarter":
        quarter = _picked(sidebar, "季度", "quarter", (1, 2, 3, 4), (end.month - 1) // 3 + 1, link, notes,
                          lambda q: f"第{q}季度")
        return periods.quarter(year, quarter), {"year": f"{year}年", "quarter": f"第{quarter}季度"}
    month = _picked(sidebar, "截至月份" if kind == "ytd" else "月份", "month", tuple(range(1, 13)), end.month,
                    link, notes, lambda m: f"{m}月")
    chosen = periods.year_to_date(year, month) if kind == "ytd" else periods.month(year, month)
    return chosen, {"year": f"{year}年", "month": f"{month}月"}


def _seeded(key: str, options, default, link: dict[str, str], notes: list[str], text_of, label: str) -> None:
    """The widget's value from the link, or as held, or `default` (filter_links.seed); a note on
    what the link asked that is not an option goes to `notes`."""
    note = filter_links.seed(key, options, default, link.get(key), text_of, label)
    if note:
        notes.append(note)


def _picked(sidebar, label: str, key: str, options, default, link: dict[str, str], notes: list[str], text_of):
    """A selectbox whose value a link may set."""
    _seeded(key, options, default, link, notes, text_of, label)
    return sidebar.selectbox(label, options, key=key, format_func=text_of, persist_state="session")


def _choice(sidebar, label: str, key: str, values: tuple[str, ...], link: dict[str, str], notes: list[str],
            pinned: str | None = None) -> str | None:
    """A filter's choice; `pinned`, the one unit an account may see: the filter shows it alone and
    cannot be changed, by the widget or by a link (?township=另一个乡镇 says so and shows the account's own)."""
    if pinned is not None:
        asked = link.get(key)
        st.session_state[key] = pinned
        sidebar.selectbox(label, (pinned,), key=key, disabled=True, persist_state="session")
        if asked not in (None, pinned):
            notes.append(f"您的账号只能查看{pinned}的数据，链接中的“{asked}”未采用。")
        return pinned
    chosen = _picked(sidebar, label, key, (ALL, *values), ALL, link, notes, str)
    return None if chosen == ALL else chosen


def sidebar_view(choices: Choices, pinned: dict[str, str] | None = None) -> View | None:
    """Draw the filters and return the chosen view; None when there are no cases to choose from.
    `pinned` fixes the township or department an account is limited to ({"township": "河口镇"}).
    The link then states every choice (filter_links)."""
    pinned = pinned or {}
    sidebar = st.sidebar
    if choices.last_day is None:
        return None
    link = filter_links.arriving()
    notes: list[str] = []
    sidebar.markdown("**统计期间**")
    default = default_period(choices, config.comparison_min_base())
    _seeded("period", list(PERIOD_KINDS), default.kind, link, notes, PERIOD_KINDS.get, "期间类型")
    kind = sidebar.segmented_control("期间类型", list(PERIOD_KINDS), key="period", format_func=PERIOD_KINDS.get,
                                     required=True, label_visibility="collapsed", persist_state="session")
    chosen, period_link = _period(kind, choices, default, link, notes, sidebar)
    if (kind, chosen) == (default.kind, default.period):
        sidebar.caption(default.note())
    sidebar.markdown("**范围**")
    _seeded("source", list(SOURCE_CHOICES), "all", link, notes, SOURCE_CHOICES.get, "来源")
    source = sidebar.segmented_control("来源", list(SOURCE_CHOICES), key="source", format_func=SOURCE_CHOICES.get,
                                       required=True, persist_state="session")
    units = {key: _choice(sidebar, label, key, values, link, notes, pinned.get(key))
             for key, label, values in (("township", "乡镇（街道）", choices.townships),
                                        ("department", "承办部门", choices.departments),
                                        ("category", "问题类别", choices.categories))}
    said = filter_links.write({"period": PERIOD_KINDS[kind], **period_link, "source": SOURCE_CHOICES[source],
                               **{key: unit or ALL for key, unit in units.items()}},
                              notes if link else None)
    if said:
        sidebar.warning(plain("\n\n".join(said)), icon=":material/link_off:")
    return view_of(choices, chosen, kind=kind, source=None if source == "all" else source, **units)


def view_of(choices: Choices, chosen: Period, kind: str | None = None, **filters: str | None) -> View:
    """The view of a chosen period and filters: the one way the dashboard, `metrics` and
    `briefing` turn dates into a scope, so all three give the same numbers. Whole months running
    past the data's end (its latest receipt or closure) are cut there, and compared like for like.
    `kind` (periods.KINDS) decides the 环比; without it, the kind the chosen dates read as."""
    period, cut_short = periods.cut_at_data_end(chosen, choices.last_day)  # only whole months are ever cut
    scope = Scope(period, **filters, chosen_months=periods.month_count(chosen) if cut_short else None,
                  kind=kind or periods.kind_of(chosen))
    scope = replace(scope, receipts_complete=receipts_comparable(scope, choices.last_received, choices.receipt_days))
    return View(scope, choices.first_day, choices.last_day, choices.last_received)


RECEIPT_GAP_DAYS = 7  # a nightly export's last receipt may trail its last closure by a day or two


def receipts_comparable(scope: Scope, last_received: dt.date | None, receipt_days: tuple[dt.date, ...]) -> bool:
    """False when the data's receipts stop more than RECEIPT_GAP_DAYS before the period ends (an
    export taken on 6 January, or of January receipts with closures through August) while a
    comparison window has receipts past the same point: this period's volume is then cut by the
    export, not by the county, and a 同比 of it would read as a collapse (−98.8%). A comparison
    window that stops at the same point (the same export a year earlier) stays comparable."""
    period = scope.period
    if last_received is None or (period.end - last_received).days <= RECEIPT_GAP_DAYS:
        return True
    pairs = [(period, scope.last_year().period)]
    windows = scope.pop_windows()
    if windows is not None and windows.current.start <= last_received:
        pairs.append((windows.current, windows.previous))
    for current, window in pairs:
        cut = window.start + (last_received - current.start)
        after = bisect.bisect_right(receipt_days, cut)
        if after < len(receipt_days) and receipt_days[after] <= window.end:
            return False
    return True
