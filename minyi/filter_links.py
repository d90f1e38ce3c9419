"""The sidebar's choices in the page's link, every one of them, defaults included.

Streamlit drops a bound widget's value from the URL while it equals the widget's default, and the
sidebar's defaults follow the data (the latest 1–N月 with enough cases): a shared `?period=季度`
meant Q1 before an import and another quarter after it. So the sidebar's widgets are not bound to
the URL. Each run writes the whole choice into the link (`write`), and a link new to the session
(pasted, reloaded, opened from a briefing) is read into the widgets before they are drawn (`seed`).
A value a link names that is not an option is reported, never silently replaced by 全县.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

KEYS = ("period", "year", "quarter", "month", "from", "to", "source", "township", "department", "category")
_WRITTEN = "minyi-link-written"  # the sidebar's part of the link, as the last run wrote it
_NOTES = "minyi-link-notes"  # (the link written after an arriving link was read, what was said about it)


def arriving() -> dict[str, str]:
    """The sidebar's part of the URL when this session did not write it (a link opened, a page
    reloaded, a test's query), else {}: the URL of a rerun says nothing the widgets do not."""
    asked = {key: st.query_params.get(key) for key in KEYS if key in st.query_params}
    return {} if asked == st.session_state.get(_WRITTEN) else asked


def _same(asked: str, text: str) -> bool:
    def canonical(value: str) -> str:
        return value.strip().replace("-", "–").casefold()
    return canonical(asked) == canonical(text)


def seed(key: str, options: Sequence, default: Any, asked: str | None, text_of: Callable[[Any], str],
         label: str) -> str | None:
    """Put a choice widget's value in session state before it is drawn: what the link asks, when it
    names one of `options` by value or by its label (?month=9 or ?month=9月); else the value held
    from earlier runs while still an option; else `default`. Returns a note when the link named
    no option. The value is written back even when unchanged: after a page switch Streamlit would
    otherwise draw a segmented control empty."""
    named = None
    if asked is not None:
        named = next((option for option in options if _same(asked, str(option)) or _same(asked, text_of(option))),
                     None)
    held = st.session_state.get(key)
    st.session_state[key] = named if named is not None else held if held in options else default
    if asked is None or named is not None:
        return None
    return f"链接中的{label}“{asked}”在数据中不存在，显示的是{text_of(st.session_state[key])}。"


def seed_day(key: str, first: dt.date, last: dt.date, default: dt.date, asked: str | None,
             label: str) -> str | None:
    """`seed` for a date widget: the link's day (2012-04-01) moved into the data's span, saying so
    when it was moved or unreadable."""
    held = st.session_state.get(key)
    value = held if isinstance(held, dt.date) and first <= held <= last else default
    note = None
    if asked is not None:
        try:
            day = dt.date.fromisoformat(asked.strip())
        except ValueError:
            day = None
        if day is None:
            note = f"链接中的{label}“{asked}”不是日期（应写作2012-04-01），显示的是{value.isoformat()}。"
        else:
            value = min(max(day, first), last)
            if value != day:
                note = (f"链接中的{label}{day.isoformat()}不在数据范围（{first.isoformat()}至{last.isoformat()}）内，"
                        f"改为{value.isoformat()}。")
    st.session_state[key] = value
    return note


def write(chosen: dict[str, str], notes: list[str] | None) -> list[str]:
    """Make the URL state `chosen` (key → text, in display order) and nothing else of the sidebar's.
    `notes`, on the run that read an arriving link, are what was said about it; they stay shown
    while the choice is unchanged. Returns the notes to show."""
    current = [(key, st.query_params.get(key)) for key in st.query_params if key in KEYS]
    if current != list(chosen.items()):  # rewritten whole, so the link reads in the sidebar's order
        for key, _ in current:
            del st.query_params[key]
        st.query_params.update(chosen)
    st.session_state[_WRITTEN] = chosen
    if notes is not None:
        st.session_state[_NOTES] = (chosen, notes)
    written, said = st.session_state.get(_NOTES, (None, []))
    if written != chosen:  # the choice changed: what was said about the link is over, also on a way back
        st.session_state.pop(_NOTES, None)
        return []
    return said
