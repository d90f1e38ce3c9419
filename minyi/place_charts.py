"""A place hierarchy (乡镇 → 村（社区） → 网格) as one figure: a treemap whose areas are the events
and whose colours are a rate, so a leader sees at a glance where most happens and where it lags;
a click on a township opens its villages, on a village its grids (Plotly's own zoom)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from minyi import charts, formatting

# Low rates red, high rates the theme's blue, through a pale middle: the colour of a laggard; a unit
# without the rate (nothing due yet) is grey, not the lowest.
RATE_SCALE = [[0.0, charts.RED], [0.5, "#F2E6C9"], [1.0, charts.BLUE]]
NO_RATE = "#D9D9D9"


def treemap(nodes: pd.DataFrame, spec: charts.ChartSpec, rate_label: str, depth: int = 2) -> go.Figure:
    """`nodes`: id (a path 乡镇/村/网格), parent ("" for the top), label, value (events), rate (0–1 or
    None). Areas add up (a parent is the sum of its children); `depth` levels are drawn at once. The
    colours run from the lowest to the highest rate shown (said in the footnote's 口径); a unit
    without the rate is grey."""
    rates = pd.to_numeric(nodes["rate"], errors="coerce")
    low, high = (float(rates.min()), float(rates.max())) if rates.notna().any() else (0.0, 1.0)
    if high - low < 0.001:
        low, high = max(0.0, low - 0.01), min(1.0, high + 0.01)
    scaled = ((rates - low) / (high - low)).clip(0, 1)
    colors = [NO_RATE if pd.isna(share) else sample_colorscale(RATE_SCALE, [float(share)])[0] for share in scaled]
    figure = go.Figure(go.Treemap(
        ids=nodes["id"], parents=nodes["parent"], labels=nodes["label"], values=nodes["value"],
        branchvalues="total", maxdepth=depth, root_color="white",
        marker=dict(colors=colors, line=dict(color="white")),
        customdata=[[formatting.percent(rate), f"{int(value):,}"] for rate, value in zip(rates, nodes["value"])],
        texttemplate="%{label}<br>%{customdata[0]}",
        hovertemplate="%{id}<br>事件 %{customdata[1]}件<br>" + rate_label + " %{customdata[0]}<extra></extra>",
        textfont=dict(family=charts.FONT_FAMILY), pathbar=dict(visible=True, textfont=dict(size=12)),
    ))
    return charts.finish(figure, spec, 420, right_margin=20, left_margin=20, ticks_px=10)


def colour_note(nodes: pd.DataFrame, rate_label: str) -> str:
    """面积为上报事件数，颜色为按期结案率：红色最低（77.8%）至蓝色最高（100.0%），灰色为无可计算的事件."""
    rates = pd.to_numeric(nodes["rate"], errors="coerce")
    grey = "，灰色为无可计算的事件" if rates.isna().any() else ""
    return (f"面积为上报事件数，颜色为{rate_label}：红色最低（{formatting.percent(rates.min())}）"
            f"至蓝色最高（{formatting.percent(rates.max())}）{grey}")
