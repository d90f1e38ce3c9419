"""The charts of volume over time: months against last year's, one panel per source, weeks, days
and years; the time axis read the Chinese way (1月…12月, the year where it starts or turns),
partial months and years marked as such. The theme, ChartSpec and footnotes are minyi.charts'.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from minyi import charts, formatting
from minyi.charts import ChartSpec


def _panels(groups: list[str], panel_px: int, gap_px: int = 34, shared_x: bool = True) -> go.Figure:
    """One panel per group (a source), stacked, each with its own y axis, its name on top in its
    colour: 信访 (~250 a month) gets an axis of its own instead of a flat line under 投诉 (~3,500)."""
    rows = len(groups)
    plot_px = rows * panel_px + (rows - 1) * gap_px
    figure = make_subplots(rows=rows, cols=1, shared_xaxes=shared_x,
                           vertical_spacing=gap_px / plot_px if rows > 1 else 0)
    for index, group in enumerate(groups):
        figure.add_annotation(name="panel", text=f"<b>{group}</b>", xref="paper", x=0, xanchor="left",
                              yref=f"y{index + 1 if index else ''} domain", y=1, yanchor="bottom", showarrow=False,
                              font=dict(size=13, color=charts.source_color(group, index)))
    return figure


def _partial_labels(figure: go.Figure, x: list, y: list, notes: list, row: int, right_of: bool = False) -> None:
    """A label beside each partial point (8月（截至15日）), so a half month is not read as a plunge:
    right of the point where the axis goes on (1–12月), above and after a first point, else under
    it, ending at the point."""
    axis = "" if row == 1 else str(row)
    for index, (px, py, note) in enumerate(zip(x, y, notes)):
        if note:
            place = dict(xanchor="left", yanchor="middle", xshift=9) if right_of else \
                dict(xanchor="left", yanchor="bottom", yshift=8) if index == 0 and len(x) > 1 else \
                dict(xanchor="right", yanchor="top", yshift=-8)
            figure.add_annotation(name="partial", text=note, x=px, y=py, xref=f"x{axis}", yref=f"y{axis}",
                                  showarrow=False, font=dict(size=12, color="#555"), **place)


def _markers(partial: list[bool], size: int) -> dict:
    """Filled markers, hollow where the point covers only part of its month or year."""
    return dict(size=[size + 2 if p else size for p in partial],
                symbol=["circle-open" if p else "circle" for p in partial],
                line=dict(width=[2 if p else 0 for p in partial]))


PANEL_PX = 165   # one source's panel when the sources are drawn one above the other


def _year_legend(figure: go.Figure, names: list[tuple[str, dict]]) -> None:
    """Legend entries for line styles shared by every panel (2012年 solid, 2011年 dotted), in a
    neutral ink, since each panel draws them in its source's colour."""
    for name, line in names:
        figure.add_trace(go.Scatter(x=[None], y=[None], name=name, mode="lines+markers", line=line,
                                    marker=dict(color=line["color"], size=7), hoverinfo="skip"))


def trend_against_last_year(series: pd.DataFrame, spec: ChartSpec, unit: str = "件") -> go.Figure:
    """Lines of this year's and last year's monthly counts on one 1–12月 axis, one panel per
    source (`group`; one panel without it) with its own y axis from 0: this year solid in the
    source's colour, last year dotted grey. A month the data covers only in part (`note`, e.g.
    8月（截至15日）) is drawn hollow and labelled. `series`: columns year, month (1–12), value,
    and optionally group and note."""
    series = series.assign(group=series["group"] if "group" in series else "",
                           note=series["note"].fillna("") if "note" in series else "")
    groups = charts.source_groups(series["group"])
    years = sorted(series["year"].unique())
    figure = _panels(groups, PANEL_PX) if len(groups) > 1 else go.Figure()
    for row, group in enumerate(groups, start=1):
        color = charts.source_color(group, row - 1) if group else charts.RED
        for year in years:
            rows = series[(series["group"] == group) & (series["year"] == year)].sort_values("month")
            latest = year == years[-1]
            partial = [bool(note) for note in rows["note"]]
            x = [f"{m}月" for m in rows["month"]]
            figure.add_trace(go.Scatter(
                x=x, y=rows["value"], name=f"{group}{year}年", mode="lines+markers", showlegend=False,
                line=dict(color=color if latest else charts.GREY, width=3 if latest else 2, dash=None if latest else "dot"),
                marker=_markers(partial, 7 if latest else 6),
                hovertemplate=f"{group}{year}年%{{x}}：%{{y:,}}{unit}<extra></extra>",
            ), **({"row": row, "col": 1} if len(groups) > 1 else {}))
            _partial_labels(figure, x, list(rows["value"]), list(rows["note"]), row, right_of=True)
    if len(years) > 1:
        _year_legend(figure, [(f"{years[-1]}年", dict(color=charts.INK, width=3)),
                              (f"{years[0]}年", dict(color=charts.GREY, width=2, dash="dot"))])
    figure.update_xaxes(categoryorder="array", categoryarray=[f"{m}月" for m in range(1, 13)], tickangle=0)
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    plot_px = charts.PLOT_PX if len(groups) == 1 else len(groups) * PANEL_PX + (len(groups) - 1) * 34
    return charts.finish(figure, spec, plot_px, legend=len(years) > 1)


def volume_over_time(series: pd.DataFrame, spec: ChartSpec, unit: str = "件") -> go.Figure:
    """Counts per year, month, week or day, one panel per group (a source) with its own y axis
    from 0 in the group's colour, a marker on every point so a single month or an isolated one
    still shows. `series`: columns bucket, group, value, and optionally label (years: the
    x-axis text, 2024年1-8月 for a partial year), partial (the bucket is covered only in part:
    drawn hollow), note (the label beside a partial point: 8月（截至15日）) and last_year (the
    same bucket a year earlier, drawn dotted grey)."""
    by_label = "label" in series
    groups = charts.source_groups(series["group"])
    with_last_year = "last_year" in series and series["last_year"].notna().any()
    figure = _panels(groups, PANEL_PX) if len(groups) > 1 else go.Figure()
    for row, group in enumerate(groups, start=1):
        rows = series[series["group"] == group]
        partial = list(rows["partial"].astype(bool)) if "partial" in rows else [False] * len(rows)
        x = list(rows["label"] if by_label else rows["bucket"])
        hover = f"{group} %{{x}}" if by_label else f"{group} %{{x|%Y年%-m月%-d日}}"
        size = 9 if by_label else 6 if len(rows) <= 120 else 3
        place = {"row": row, "col": 1} if len(groups) > 1 else {}
        figure.add_trace(go.Scatter(x=x, y=rows["value"], name=str(group), mode="lines+markers",
                                    line=dict(color=charts.source_color(group, row - 1)), marker=_markers(partial, size),
                                    hovertemplate=f"{hover}：%{{y:,}}{unit}<extra></extra>", showlegend=False), **place)
        if with_last_year:
            figure.add_trace(go.Scatter(x=x, y=rows["last_year"], name=f"{group}上年同期", mode="lines+markers",
                                        line=dict(color=charts.GREY, width=2, dash="dot"), marker=dict(size=5, color=charts.GREY),
                                        hovertemplate=f"{hover}上年同期：%{{y:,}}{unit}<extra></extra>",
                                        showlegend=False), **place)
        if "note" in rows:
            _partial_labels(figure, x, list(rows["value"]), list(rows["note"].fillna("")), row)
    if with_last_year:
        _year_legend(figure, [("本期", dict(color=charts.INK, width=2)), ("上年同期", dict(color=charts.GREY, width=2, dash="dot"))])
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    ticks_px = 30
    if by_label:
        _year_ticks(figure, list(dict.fromkeys(series["label"])))
        ticks_px = 48
    elif series["bucket"].dt.day.ne(1).any():  # weeks and days
        figure.update_xaxes(tickformat="%-m月%-d日", tickangle=0)
    else:
        slots = max(4, (spec.width - 80) // TICK_SLOT_PX)
        figure.update_xaxes(**month_ticks(pd.DatetimeIndex(sorted(series["bucket"].unique())), slots))
        ticks_px = 48
    plot_px = charts.PLOT_PX if len(groups) == 1 else len(groups) * PANEL_PX + (len(groups) - 1) * 34
    return charts.finish(figure, spec, plot_px, ticks_px=ticks_px, legend=with_last_year)


TICK_SLOT_PX = 34  # the room a month label (12月) needs on a level axis


def month_ticks(months: pd.DatetimeIndex, max_ticks: int = 24) -> dict:
    """Month ticks as reports write them: 1月 … 12月, level, with the year under the first tick and
    under the first tick of each new year (1月<br>2012年); every month while at most `max_ticks`
    (what the chart's width holds, see TICK_SLOT_PX), else every few months, and the last month
    always labelled. Each month is labelled once."""
    step = max(1, -(-len(months) // max_ticks))
    chosen = list(months[::step])
    if len(months) and months[-1] not in chosen:
        if step > 1 and len(chosen) > 1 and (months[-1].to_period("M") - chosen[-1].to_period("M")).n < step / 2:
            chosen[-1] = months[-1]  # too close to the one before: the last month replaces it
        else:
            chosen.append(months[-1])
    text = [f"{m.month}月<br>{m.year}年" if i == 0 or m.year != chosen[i - 1].year else f"{m.month}月"
            for i, m in enumerate(chosen)]
    return {"tickvals": chosen, "ticktext": text, "tickangle": 0}


def yearly_bars(table: pd.DataFrame, spec: ChartSpec, unit: str = "件") -> go.Figure:
    """One bar per year with its count on top, one panel per group (a source, in its colour) when
    `group` is given; a partial year (2024年1-8月) is drawn lighter and hatched so it is not read as
    a fall. `table`: columns label, value, partial, and optionally group."""
    table = table.assign(group=table["group"] if "group" in table else "")
    groups = charts.source_groups(table["group"])
    figure = _panels(groups, PANEL_PX) if len(groups) > 1 else go.Figure()
    for row, group in enumerate(groups, start=1):
        rows = table[table["group"] == group]
        partial = rows["partial"].astype(bool).to_numpy()
        color = charts.source_color(group, row - 1) if group else charts.BLUE
        figure.add_trace(go.Bar(
            x=rows["label"], y=rows["value"], name=str(group), text=[formatting.count(v, unit) for v in rows["value"]],
            textposition="outside", cliponaxis=False,
            marker=dict(color=["white" if p else color for p in partial], line=dict(color=color, width=1.5),
                        pattern=dict(shape=["/" if p else "" for p in partial], fgcolor=color, size=6)),
            hovertemplate=f"{group}%{{x}}：%{{y:,}}{unit}<extra></extra>",
        ), **({"row": row, "col": 1} if len(groups) > 1 else {}))
        figure.update_yaxes(range=[0, float(rows["value"].max() or 1) * 1.2],
                            **({"row": row, "col": 1} if len(groups) > 1 else {}))
    _year_ticks(figure, list(dict.fromkeys(table["label"])))
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    plot_px = charts.PLOT_PX if len(groups) == 1 else len(groups) * PANEL_PX + (len(groups) - 1) * 34
    return charts.finish(figure, spec, plot_px, ticks_px=48)


def _year_ticks(figure: go.Figure, labels: list[str]) -> None:
    """Years in order on a category axis; a partial year's dates (2024年1月1日-8月15日) go on a
    second line, so nine labels stay level instead of slanting across the chart."""
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=labels, tickvals=labels, tickangle=0,
                        ticktext=[label.replace("年", "年<br>", 1) if not label.endswith("年") else label
                                  for label in labels])
