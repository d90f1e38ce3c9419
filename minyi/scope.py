"""What a view is about: a period, and optionally one source, township, department and category.

Every analysis query takes the same five filters through the `scoped` table macro
(queries/ddl/analysis_macros.sql), so a filter means the same thing on every page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from minyi.periods import (Period, PopWindows, kind_of, longer_than_a_year, pop_baseline, pop_windows, rank_baseline,
                           same_period_last_year, shift_months)

SOURCE_LABELS = {"petition": "信访", "complaint": "投诉"}
UNFILLED = "（未填写）"  # the unit blank townships, departments, ... are grouped under (as in the SQL)
ALL_SOURCES_LABEL = "信访和投诉"


@dataclass(frozen=True)
class Scope:
    period: Period
    source: str | None = None
    township: str | None = None
    department: str | None = None
    category: str | None = None
    # When the period is a choice of this many whole months cut short at the last day with data,
    # 环比 steps back that many months and keeps the cut (see periods.previous_period).
    chosen_months: int | None = None
    # False when the receipts stop well before the period ends, unlike the comparison periods
    # (filters.receipts_comparable).
    receipts_complete: bool = True
    # The period kind chosen in the sidebar (periods.KINDS); None: read from the dates (periods.kind_of).
    kind: str | None = None

    @property
    def comparable(self) -> bool:
        """Whether 同比 and 环比 mean anything: not for a period longer than a year (its comparison
        windows would overlap it), nor for one whose receipts stop early (its volume is incomplete)."""
        return self.receipts_complete and not longer_than_a_year(self.period)

    def params(self) -> dict[str, Any]:
        """The `$name` parameters of the analysis queries."""
        return {"start": self.period.start, "end": self.period.end, "source": self.source,
                "township": self.township, "department": self.department, "category": self.category}

    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, ALL_SOURCES_LABEL)

    def filters_label(self) -> str:
        """The narrowing filters in words ("河口镇 · 县住建局"), or 全县 when there are none."""
        chosen = [value for value in (self.township, self.department, self.category) if value]
        return " · ".join(chosen) if chosen else "全县"

    def label(self) -> str:
        """One line a chart subtitle can carry: 2012年1-9月 · 信访 · 河口镇."""
        return f"{self.period.label()} · {self.source_label()} · {self.filters_label()}"

    def with_period(self, period: Period) -> "Scope":
        return replace(self, period=period, chosen_months=None, kind=None)

    @property
    def period_kind(self) -> str:
        """The chosen kind, else the kind the dates read as (of the whole months chosen, for a
        period cut at the data's end)."""
        if self.kind:
            return self.kind
        if self.chosen_months:
            start = self.period.start
            return kind_of(Period(start, shift_months(start, self.chosen_months) - dt.timedelta(days=1)))
        return kind_of(self.period)

    def narrowed(self, dimension: str, value: str) -> "Scope":
        """The scope of one township or department, for drill-down."""
        return replace(self, **{dimension: value})

    def last_year(self) -> "Scope":
        """同比 scope: same filters, same dates a year earlier."""
        return self.with_period(same_period_last_year(self.period))

    def pop_windows(self) -> PopWindows | None:
        """What 环比 compares for this period kind (periods.pop_windows); None for 年 and 自定义."""
        return pop_windows(self.period, self.period_kind, self.chosen_months)

    def pop_baseline(self) -> str:
        """上月 / 上季度: the word for what this period's 环比 compares with (periods.pop_baseline)."""
        return pop_baseline(self.period_kind)

    def previous(self) -> Scope | None:
        """环比 scope: same filters, the period 环比 compares with (None when there is no 环比)."""
        windows = self.pop_windows()
        return None if windows is None else self.with_period(windows.previous)

    def rank_baseline(self) -> Scope | None:
        """The scope a ranking's 名次变化 is measured against (periods.rank_baseline), or None."""
        period = rank_baseline(self.period, self.period_kind, self.chosen_months)
        return None if period is None else self.with_period(period)
