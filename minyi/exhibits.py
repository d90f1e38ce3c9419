"""The parts a briefing pack is made of: a key chart with its takeaway (Exhibit), a numbered part of
the text (Section), and the shorter figure a slide shows of a long unit list."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from minyi import charts

LEFT_OUT = "完整名单见看板"  # a long breakdown chart in a document: where its left-out units are listed
SLIDE_ENDS = 4  # a slide holds about ten bars under their 口径 at 18 pt: a longer list shows the first and last 4


@dataclass(frozen=True)
class Exhibit:
    """One key chart: its spec (title, scope, source, 口径), the figure, its takeaway, and for a
    long unit list a shorter figure for a slide (the first and last SLIDE_ENDS units)."""

    spec: charts.ChartSpec
    figure: go.Figure
    takeaway: str
    slide_figure: go.Figure | None = None
    printed: bool = True  # False: not in Word (the slides and the ZIP still draw it)


@dataclass(frozen=True)
class Section:
    """One numbered part of the text (一、基本情况 ...) and its paragraphs; in 主要特点, each
    paragraph may be followed by the chart it describes (`exhibits`, aligned with `paragraphs`)."""

    heading: str
    paragraphs: tuple[str, ...]
    exhibits: tuple[Exhibit | None, ...] = ()

    def items(self) -> list[tuple[str, Exhibit | None]]:
        return list(zip(self.paragraphs, self.exhibits or (None,) * len(self.paragraphs)))


def ends(table: pd.DataFrame, ends: int = SLIDE_ENDS) -> tuple[pd.DataFrame, int]:
    """The first and last `ends` rows of a best-first unit list, and how many are left out between."""
    left_out = len(table) - 2 * ends
    if left_out <= 1:
        return table, 0
    return pd.concat([table.head(ends), table.tail(ends)]), left_out


def slide_bars(bars: pd.DataFrame, spec: charts.ChartSpec, units: str, **options) -> go.Figure | None:
    """A ranked_bars figure of the first and last SLIDE_ENDS units with a row saying how many are
    left out between (None when the list is short enough for a slide as it is)."""
    ordered = bars.assign(_value=bars["value"].astype(float)).sort_values(
        ["_value", "label"], ascending=[False, True], kind="mergesort").drop(columns="_value")
    kept, left_out = ends(ordered)
    if not left_out:
        return None
    gap = pd.DataFrame({"label": [f"（其余{left_out}个从略）"], "value": [None], **({"text": [""]} if "text" in bars else {})})
    rows = pd.concat([kept.head(SLIDE_ENDS), gap, kept.tail(SLIDE_ENDS)], ignore_index=True)
    note = f"仅列前{SLIDE_ENDS}位和后{SLIDE_ENDS}位，其余{left_out}个{units}从略，{LEFT_OUT}"
    shorter = charts.ChartSpec(spec.title, spec.scope, spec.source, "；".join(filter(None, (
        spec.caliber.split("；仅列前")[0], note))))
    return charts.ranked_bars(rows, shorter, **options)
