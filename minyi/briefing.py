"""Briefing Chinese generated from the numbers, with every sentence template in this one place.

Wording must stay grammatical whatever the numbers do: a fall reads 下降29.5% (never 下降-29.5%),
a change that rounds to zero reads 持平, and a missing baseline says so instead of dividing by zero.
"""

from __future__ import annotations

from minyi import formatting, metrics

RISE, FALL, FLAT = "上升", "下降", "持平"
RATE_RISE, RATE_FALL = "提高", "下降"

TEMPLATES = {
    "received": "{period}共受理{source}{count}，{changes}。",
    "completion_rate": "办结{closed}，办结率{rate}，{changes}。",
    "on_time_rate": "按时办结率{rate}，{changes}。",
    "satisfaction_rate": "回访满意率{rate}（已评价{rated}），{changes}。",
    "overdue_open": "截至{end}，超期未办结{count}，{changes}。",
    "overdue_none": "截至{end}，无超期未办结件。",
    "repeat_cases": "重复件{count}，占受理量的{share}，{changes}。",
    "no_cases": "{period}未受理{source}。",
    "no_rate": "{name}暂无可计算的数据。",
}
NO_BASELINE = {"同比": "上年同期无可比数据", "环比": "上一周期无可比数据"}


def count_change(comparison: str, change: float | None) -> str:
    """同比下降29.5% / 同比持平 / 上年同期无可比数据, from a relative change."""
    if formatting.is_missing(change):
        return NO_BASELINE[comparison]
    if round(change * 100, 1) == 0:
        return f"{comparison}{FLAT}"
    return f"{comparison}{RISE if change > 0 else FALL}{abs(change) * 100:.1f}%"


def rate_change(comparison: str, current: float | None, earlier: float | None) -> str:
    """同比提高0.3个百分点 / 同比持平 / 上年同期无可比数据, from two rates."""
    if formatting.is_missing(current) or formatting.is_missing(earlier):
        return NO_BASELINE[comparison]
    points = current - earlier
    if round(points * 100, 1) == 0:
        return f"{comparison}{FLAT}"
    return f"{comparison}{RATE_RISE if points > 0 else RATE_FALL}{abs(points) * 100:.1f}个百分点"


def _changes(row, column: str, is_rate: bool) -> str:
    """同比 and 环比 of one number, as far as the row carries them."""
    parts = []
    for comparison, suffix in (("同比", "last_year"), ("环比", "previous")):
        if f"{column}_{suffix}" not in row:
            continue
        if is_rate:
            parts.append(rate_change(comparison, row[column], row[f"{column}_{suffix}"]))
        else:
            parts.append(count_change(comparison, metrics.change(row[column], row[f"{column}_{suffix}"])))
    return "，".join(parts)


def kpi_sentences(row, period_label: str, end_label: str, source_label: str) -> dict[str, str]:
    """One sentence per headline number, keyed like the metrics columns. `row` is a row of
    metrics.headline (rates, their denominators, and the comparison columns)."""
    if not row["received"]:
        return {"received": TEMPLATES["no_cases"].format(period=period_label, source=source_label)}
    sentences = {
        "received": TEMPLATES["received"].format(period=period_label, source=source_label,
                                                 count=formatting.count(row["received"]),
                                                 changes=_changes(row, "received", False)),
    }
    for rate, extra in (("completion_rate", {"closed": formatting.count(row["closed"])}),
                        ("on_time_rate", {}), ("satisfaction_rate", {"rated": formatting.count(row["rated"])})):
        if formatting.is_missing(row[rate]):
            sentences[rate] = TEMPLATES["no_rate"].format(name=RATE_NAMES[rate])
        else:
            sentences[rate] = TEMPLATES[rate].format(rate=formatting.percent(row[rate]),
                                                     changes=_changes(row, rate, True), **extra)
    if row["overdue_open"]:
        sentences["overdue_open"] = TEMPLATES["overdue_open"].format(
            end=end_label, count=formatting.count(row["overdue_open"]), changes=_changes(row, "overdue_open", False))
    else:
        sentences["overdue_open"] = TEMPLATES["overdue_none"].format(end=end_label)
    sentences["repeat_cases"] = TEMPLATES["repeat_cases"].format(
        count=formatting.count(row["repeat_cases"]), share=formatting.percent(row["repeat_cases"] / row["received"]),
        changes=_changes(row, "repeat_cases", False))
    return sentences


RATE_NAMES = {"completion_rate": "办结率", "on_time_rate": "按时办结率", "satisfaction_rate": "满意率"}
