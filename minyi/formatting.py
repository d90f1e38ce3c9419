"""Numbers written the way Chinese government reports write them: 1,234件, 99.2%, 12.3万."""

from __future__ import annotations

import math
import re

from minyi.periods import NO_POP_BASELINE


def is_missing(value) -> bool:
    """None, NaN or pandas' NA: a number that does not exist, shown as — and never as NaN%."""
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return str(value) == "<NA>"


MISSING = "—"  # how a number that does not exist is written, in text and in tables


def count(value: int | float | None, unit: str = "件") -> str:
    if is_missing(value):
        return "—"
    if abs(value) >= 100_000:
        return f"{value / 10_000:,.1f}万{unit}"
    return f"{int(value):,}{unit}"


def prose_count(value: float | None, unit: str = "件") -> str:
    """A count as a sentence writes it: 2397件, 12.3万件, without the thousands commas of cards
    and tables (公文 prose writes none)."""
    return count(value, unit).replace(",", "")


def percent(value: float | None, digits: int = 1) -> str:
    return "—" if is_missing(value) else f"{value * 100:.{digits}f}%"


FLAT = "持平"


def change(value: float | None) -> str | None:
    """Relative change with its sign, 持平 when it rounds to zero, None without a baseline."""
    if is_missing(value):
        return None
    return FLAT if round(value * 100, 1) == 0 else f"{value * 100:+.1f}%"


SMALL_BASE = "{baseline}仅{count}"
LAST_YEAR = "上年同期"


def baseline_name(comparison: str, pop_baseline: str) -> str:
    """上年同期 for 同比; for 环比 the word of the period kind, `pop_baseline` (上月, 上季度: see
    periods.pop_baseline)."""
    return LAST_YEAR if comparison == "同比" else pop_baseline


def small_base(base: float | None, comparison: str, min_base: int, pop_baseline: str = NO_POP_BASELINE) -> str | None:
    """上年同期仅3件 (or 上月仅3件) when a comparison rests on fewer than `min_base` cases (but
    some): quoted instead of a percentage or points, which such a base cannot support."""
    if is_missing(base) or not 0 < base < min_base:
        return None
    return SMALL_BASE.format(baseline=baseline_name(comparison, pop_baseline), count=count(base))


def count_change(current: float, earlier: float | None, comparison: str, min_base: int,
                 pop_baseline: str = NO_POP_BASELINE) -> str | None:
    """A count's 同比 or 环比 (`comparison`) as a card shows it: +29.5% / 持平, None without a
    baseline, and the base itself (上年同期仅3件, 上月仅3件) when it is below `min_base`, since 4,242
    against 3 is not a trend worth a percentage."""
    if is_missing(earlier) or not earlier:
        return None
    return small_base(earlier, comparison, min_base, pop_baseline) or change((current - earlier) / earlier)


def is_signed_change(delta: str | None) -> bool:
    """Whether a card's delta is a signed change (+3.2%, -0.3个百分点) that earns an arrow and a
    colour, rather than words (持平, 上年同期仅3件) or nothing."""
    return bool(delta) and delta[0] in "+-"


GOOD_NEWS, BAD_NEWS, NO_NEWS = "good", "bad", "flat"  # the tone of a change


def change_tone(delta: str | None, rise_is_good: bool) -> str:
    """Whether a card's change is good news (fewer petitions, a higher rate), bad news, or flat
    (words such as 持平 or 上年同期仅3件, or no change at all): what the screen and the slides colour."""
    if not is_signed_change(delta):
        return NO_NEWS
    return GOOD_NEWS if delta.startswith("+") == rise_is_good else BAD_NEWS


def arrowed(delta: str) -> str:
    """-29.5% as ↓29.5%, +18.2% as ↑18.2%; words unchanged."""
    if not is_signed_change(delta):
        return delta
    return ("↑" if delta.startswith("+") else "↓") + delta[1:]


def rate_points_change(current: float | None, earlier: float | None, earlier_base: int | None, comparison: str,
                       min_base: int, pop_baseline: str = NO_POP_BASELINE) -> str | None:
    """A rate's 同比 or 环比 as a card shows it: +0.3个百分点 / 持平, None without a baseline, and the
    base itself (上年同期仅1件) when the compared rate rests on fewer than `min_base` cases."""
    if is_missing(current) or is_missing(earlier):
        return None
    return small_base(earlier_base, comparison, min_base, pop_baseline) or points(current - earlier)


def points(value: float | None) -> str | None:
    """Difference of two rates in percentage points (个百分点); 持平 when it rounds to zero."""
    if is_missing(value):
        return None
    return FLAT if round(value * 100, 1) == 0 else f"{value * 100:+.1f}个百分点"


FILE_NAME_BYTES = 200  # below the 255-byte limit of Linux file systems, with room for an extension


def file_name(text: str) -> str:
    """Text safe as a file name on Windows and Linux: no \\ / : * ? " < > |, control characters,
    spaces or the · of scope labels; no trailing dot; at most FILE_NAME_BYTES bytes of UTF-8."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\s·]+', "_", text)
    name = re.sub(r"_+", "_", name).strip("_.")
    while len(name.encode()) > FILE_NAME_BYTES:
        name = name[:-1]
    return name.rstrip("_.") or "minyi"
