"""Every chart of the dashboard and the briefing, in one government-report theme.

A chart is pasted into briefings on its own, so each one carries its title, period and scope,
data source and 统计口径 (the `ChartSpec`), and numbers are written the Chinese way. Builders
take tidy DataFrames and return Plotly figures; they never query or format data themselves
beyond labels, so the same figure serves the page and the static export.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from minyi import chart_text, formatting

FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'SimHei', sans-serif"
RED, BLUE, GOLD, GREY, GREEN, TEAL = "#B22222", "#1F4E79", "#C9A227", "#8C8C8C", "#2E7D32", "#2A7F8E"
INK = "#3A3A3A"  # the 黑榜: dark grey, never the red of the 红榜 heading
PURPLE = "#6A4C93"
CHOSEN, CHOSEN_ROW = PURPLE, "#ECE6F3"  # the unit a filter chose (its bar, its table row); this meaning only
COLORWAY = [BLUE, RED, GOLD, TEAL, GREEN, PURPLE, "#D9822B", GREY]
ANSWER_COLORS = {"满意": GREEN, "基本满意": GOLD, "不满意": RED, "逾期未评价": GREY, "未回访": "#D0D0D0"}

ORANGE = "#D9822B"
SOURCE_COLORS = {"信访": BLUE, "投诉": ORANGE, "信访和投诉": INK, "合计": INK}  # every chart split by source


def source_color(group: str, index: int = 0) -> str:
    """The one colour of a source (信访 navy, 投诉 orange) on every chart and PNG; other groups
    take the colourway in order."""
    return SOURCE_COLORS.get(str(group), COLORWAY[index % len(COLORWAY)])


def source_groups(column: pd.Series) -> list:
    """The groups of a chart in the order a report takes them: 信访 first, then 投诉, then the rest
    as they come."""
    seen = list(dict.fromkeys(column))
    order = list(SOURCE_COLORS)
    return sorted(seen, key=lambda group: (order.index(group) if group in order else len(order), seen.index(group)))


TITLE_PX, SUBTITLE_PX, FOOTNOTE_PX = 18, 12, 12
PAD_PX = 12            # the title and the footnote start this far from the figure's left edge
LINE = 1.4             # line height as a multiple of the font size
HALF, FULL = 445, 906  # CSS px: a chart in half / all of the dashboard's width at 1366×768, the narrowest it is shown

pio.templates["minyi"] = go.layout.Template(layout=go.Layout(
    font=dict(family=FONT_FAMILY, size=13, color="#222"),
    colorway=COLORWAY,
    paper_bgcolor="white",
    plot_bgcolor="white",
    title=dict(x=0.0, xanchor="left", xref="container", y=1.0, yref="container", yanchor="top",
               pad=dict(l=PAD_PX, t=14), font=dict(size=TITLE_PX, color="#111"),
               subtitle=dict(font=dict(size=SUBTITLE_PX, color="#555"))),
    xaxis=dict(showgrid=False, linecolor="#999", ticks="outside", automargin=True),
    yaxis=dict(gridcolor="#E6E6E6", zeroline=False, automargin=True, separatethousands=True),
    legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1.0, xanchor="right", title=None, font=dict(size=12)),
    separators=".,",
    hoverlabel=dict(font=dict(family=FONT_FAMILY)),
))
TEMPLATE = "minyi"


@dataclass(frozen=True)
class ChartSpec:
    """What makes a chart self-explaining: its title and the scope line on top, the data source
    and the 口径 in a footnote under the plot. `width`: the narrowest the chart is shown at, in
    CSS px (HALF: one of two columns, FULL: the page's width), to which its text is wrapped."""

    title: str
    scope: str
    source: str
    caliber: str = ""
    width: int = HALF

    def subtitle_lines(self) -> list[str]:
        """The scope line under the title (2012年1-9月 · 信访 · 全县), wrapped to the width."""
        return chart_text.wrap(self.scope, self.width - 2 * PAD_PX, SUBTITLE_PX)

    def subtitle(self) -> str:
        return "<br>".join(self.subtitle_lines())

    def footnote_lines(self) -> list[str]:
        """数据来源 and 口径, each wrapped to the width at clause boundaries with no orphan (see
        minyi.chart_text), so no line is cut at the chart's edge."""
        parts = [f"数据来源：{self.source}"] + ([f"口径：{self.caliber}"] if self.caliber else [])
        return [line for part in parts for line in chart_text.wrap(part, self.width - 2 * PAD_PX, FOOTNOTE_PX)]

    def footnote(self) -> str:
        return "<br>".join(self.footnote_lines())

    def file_name(self) -> str:
        """Title and period, safe as a file name on Windows: 信访件月度走势_2012年1-9月."""
        period = self.scope.split(" · ")[0]
        return formatting.file_name(f"{self.title}_{period}")


PLOT_PX = 270    # a chart's plot area


def _line_px(font_px: int) -> int:
    return round(font_px * LINE)


def finish(figure: go.Figure, spec: ChartSpec, plot_px: int, right_margin: int = 20, left_margin: int = 60,
            ticks_px: int = 30, legend: bool = False) -> go.Figure:
    """Theme, size, the title block on top and the footnote under the plot. `plot_px`: the plot
    area's height; `left_margin`: room for the y labels (the footnote starts that far left of
    the plot, at the figure's edge); `ticks_px`: room under the plot for the x labels; `legend`:
    a row for the legend between the title block and the plot."""
    title_px = 14 + _line_px(TITLE_PX) + _line_px(SUBTITLE_PX) * len(spec.subtitle_lines()) + 8
    panels = any(note.name == "panel" for note in figure.layout.annotations)
    legend_px = 28 if legend or panels else 0  # the legend's row, or room for the first panel's name
    footnote = spec.footnote_lines()
    bottom = ticks_px + 10 + _line_px(FOOTNOTE_PX) * len(footnote) + 10
    figure.update_layout(
        template=TEMPLATE, height=title_px + legend_px + plot_px + bottom,
        margin=dict(l=left_margin, r=right_margin, t=title_px + legend_px, b=bottom),
        title=dict(text=f"<b>{spec.title}</b>", subtitle=dict(text=spec.subtitle())),
        meta={"title_px": title_px, "footnote_px": bottom - ticks_px - 10},
    )
    if not legend:
        figure.update_layout(showlegend=False)
    figure.add_annotation(name="footnote", text=spec.footnote(), xref="paper", yref="paper", x=0, y=0,
                          xanchor="left", yanchor="top", align="left", showarrow=False,
                          xshift=PAD_PX - left_margin, yshift=-(ticks_px + 10),
                          font=dict(size=FOOTNOTE_PX, color="#666"))
    return chart_text.with_plain_text(figure)


def footnote_of(figure: go.Figure) -> str:
    """The footnote text a figure carries (数据来源 and 口径, lines joined by <br>)."""
    return next((note.text for note in figure.layout.annotations if note.name == "footnote"), "")


def without_footnote(figure: go.Figure) -> go.Figure:
    """A copy of the figure without its footnote, for a slide: at 18 pt four lines of 口径 would
    leave the bars no room, so the deck states each chart's 口径 on its last slide instead."""
    footnote_px = (figure.layout.meta or {}).get("footnote_px", 0)
    bare = go.Figure(figure)
    bare.layout.annotations = [note for note in bare.layout.annotations if note.name != "footnote"]
    bare.update_layout(height=figure.layout.height - footnote_px, margin=dict(b=figure.layout.margin.b - footnote_px))
    return bare


def without_title(figure: go.Figure) -> go.Figure:
    """A copy of the figure without its title block, for a document whose caption already names
    the chart (图1　…): one title per figure. The footnote, legend and plot stay as they are."""
    title_px = (figure.layout.meta or {}).get("title_px", 0)
    bare = go.Figure(figure)
    top = 10  # a little air above the legend or the first panel's name
    bare.update_layout(title=dict(text="", subtitle=dict(text="")), height=figure.layout.height - title_px + top,
                       margin=dict(t=figure.layout.margin.t - title_px + top))
    return bare


SHOWN_AT_EACH_END = 10  # a breakdown of more than 2N+1 units draws the first and last N, the rest as one row
FULL_LIST_BELOW = "完整名单见下表"


def omitted(count: int) -> int:
    """How many of `count` units a breakdown chart leaves out: none up to 2×SHOWN_AT_EACH_END+1
    (one summary row would hide no more than one bar), else all but the first and last N."""
    return 0 if count <= 2 * SHOWN_AT_EACH_END + 1 else count - 2 * SHOWN_AT_EACH_END


def omission_note(count: int, units: str = "单位") -> str:
    """What a chart of `count` units leaves out, for its 口径 or a briefing: 仅列前10位和后10位，
    其余80个乡镇（街道）从略; empty when it leaves out none."""
    left_out = omitted(count)
    return f"仅列前{SHOWN_AT_EACH_END}位和后{SHOWN_AT_EACH_END}位，其余{left_out}个{units}从略" if left_out else ""


def _omission_label(left_out: int) -> str:
    return f"（其余{left_out}个从略）"


def _ends(labels: list, full_list: str) -> tuple[list, dict | None]:
    """The first and last SHOWN_AT_EACH_END of `labels` with the summary row between them, and the
    annotation that row carries; `labels` unchanged (and no annotation) when none is left out."""
    left_out = omitted(len(labels))
    if not left_out:
        return list(labels), None
    gap = _omission_label(left_out)
    note = dict(x=0.02, xref="paper", xanchor="left", y=gap, showarrow=False, font=dict(size=12, color="#555"),
                text="……" + "，".join(filter(None, (f"其余{left_out}个单位未画出", full_list))))
    return [*labels[:SHOWN_AT_EACH_END], gap, *labels[-SHOWN_AT_EACH_END:]], note


def ranked_bars(table: pd.DataFrame, spec: ChartSpec, value_format: str = "count",
                highlight: set | dict | None = None, unit: str = "件", full_list: str = FULL_LIST_BELOW,
                highlight_color: str = INK, keep: str | None = None) -> go.Figure:
    """Horizontal bars in the table's order, first on top; `value_format` is count, percent, score
    (a 3–5 survey score) or points (a 0–100 composite). `table`: columns label, value, and optionally text (shown at the bar end, e.g.
    "99.2%（1,234件）"). Bars in `highlight` are drawn in `highlight_color` (the lowest units, see
    rankings.laggards), or in its colour when it maps labels to colours (红榜/黑榜, rankings.list_marks). The value axis
    starts at 0, except a rate axis where every unit is high, which says where it starts. More than 2N+1 units
    (N = SHOWN_AT_EACH_END) are ordered by value, then name (so ties never decide by accident
    which are drawn), and the first and last N drawn with one summary row between them saying
    how many are left out and where the full list is (`full_list`); a unit `keep` (the one a filter
    chose) is drawn even when it falls among those left out, framed in CHOSEN (so a chosen unit on
    the 黑榜 keeps its grey: the frame says it is chosen, the fill which list it is on)."""
    table, note = _trimmed(table, full_list, keep)
    rows = table.iloc[::-1]
    highlight = highlight if isinstance(highlight, dict) else dict.fromkeys(highlight or (), highlight_color)
    colors = [highlight.get(label, BLUE) for label in rows["label"]]
    texts = rows["text"] if "text" in rows else None
    hover = {"percent": "%{y}：%{x:.1%}", "score": "%{y}：%{x:.2f}分", "points": "%{y}：%{x:.1f}分"}.get(
        value_format, f"%{{y}}：%{{x:,}}{unit}")
    chosen = [keep is not None and label == keep for label in rows["label"]]
    figure = go.Figure(go.Bar(
        x=rows["value"], y=rows["label"], orientation="h", marker_color=colors, text=texts,
        marker_line_color=[CHOSEN if mark else "rgba(0,0,0,0)" for mark in chosen],
        marker_line_width=[3 if mark else 0 for mark in chosen],
        textposition="outside", cliponaxis=False, hovertemplate=hover + "<extra></extra>",
    ))
    if value_format == "percent":
        floor = _percent_floor(rows["value"])
        step = 0.2 if floor == 0 else 0.05 if 1 - floor > 0.1 else 0.01
        ticks = [round(floor + step * index, 4) for index in range(int(round((1 - floor) / step)) + 1)]
        figure.update_xaxes(tickformat=".0%", range=[floor, 1.0], tickvals=ticks)
        if floor > 0:  # so 97% and 100% look different; said on the chart, since bars then lie about ratios
            figure.add_annotation(text=f"横轴自{floor:.0%}起", xref="paper", yref="paper", x=0, y=0, yshift=-42,
                                  xanchor="left", yanchor="top", showarrow=False, font=dict(size=12, color=GREY))
    elif value_format == "score":
        figure.update_xaxes(tickformat=".1f", range=[3, 5], tickvals=[3, 3.5, 4, 4.5, 5])
    elif value_format == "points":  # 0–100 from 0: 38 against 58 must not look like 1 against 3
        figure.update_xaxes(tickformat=".0f", range=[0, 100], tickvals=[0, 20, 40, 60, 80, 100])
    else:
        figure.update_xaxes(tickformat=",d", range=[0, float(rows["value"].max() or 1) * 1.02])
    figure.update_xaxes(showgrid=True, gridcolor="#E6E6E6")
    longest = max((len(str(text)) for text in texts), default=0) if texts is not None else 0
    if note:
        figure.add_annotation(**note)
    floor_noted = value_format == "percent" and figure.layout.xaxis.range[0] > 0
    left, right = label_margin(rows["label"]), 20 + 9 * longest
    plot_width = spec.width - left - right  # the narrowest the bars get: one value tick per 70 px, level
    figure.update_xaxes(tickangle=0, nticks=max(2, plot_width // 70))
    return finish(figure, spec, max(176, 26 * len(rows)), right_margin=right, left_margin=left,
                   ticks_px=58 if floor_noted else 30)


def label_margin(labels) -> int:
    """Room left of the plot for category labels (township names), so the footnote can start at
    the figure's edge: their widest at 13 px, and the tick."""
    return round(max((chart_text.em_width(str(label)) for label in labels), default=4) * 13) + 18


def _trimmed(table: pd.DataFrame, full_list: str, keep: str | None = None) -> tuple[pd.DataFrame, dict | None]:
    """ranked_bars' rows: all of them, or the first and last N by value then name, with an empty
    summary row between; a `keep` unit among those left out is drawn in its place between two
    summary rows (the chosen township is never the one left out)."""
    if not omitted(len(table)):
        return table, None
    ordered = table.assign(_value=table["value"].astype(float)).sort_values(
        ["_value", "label"], ascending=[False, True], kind="mergesort").drop(columns="_value")
    labels, note = _ends(list(ordered["label"]), full_list)

    def gap(label: str) -> pd.DataFrame:
        return pd.DataFrame({"label": [label], "value": [None], **({"text": [""]} if "text" in table else {})})

    head, middle, tail = (ordered.head(SHOWN_AT_EACH_END), ordered.iloc[SHOWN_AT_EACH_END:-SHOWN_AT_EACH_END],
                          ordered.tail(SHOWN_AT_EACH_END))
    place = list(middle["label"]).index(keep) if keep in set(middle["label"]) else None
    if place is None:
        return pd.concat([head, gap(labels[SHOWN_AT_EACH_END]), tail], ignore_index=True), note
    above, below = place, len(middle) - place - 1  # 从略 above and below the kept unit; "另" keeps the labels apart
    parts = [head, *([gap(_omission_label(above))] if above else []), middle.iloc[[place]],
             *([gap(f"（另{below}个从略）")] if below else []), tail]
    note = {**note, "y": _omission_label(above) if above else f"（另{below}个从略）",
            "text": "……" + "，".join(filter(None, (f"其余{above + below}个单位未画出", full_list)))}
    return pd.concat(parts, ignore_index=True), note


def _percent_floor(values: pd.Series) -> float:
    """Where a rate axis starts: at 0, or near the lowest rate when all are high, so 97% and 100%
    look different instead of equally full."""
    low = float(values.min()) if len(values) else 0.0
    return 0.0 if low < 0.5 else max(0.0, int(low * 20) / 20 - 0.05)


def heatmap(table: pd.DataFrame, spec: ChartSpec, unit: str = "件", full_list: str = FULL_LIST_BELOW) -> go.Figure:
    """Rows × columns of counts. `table`: the matrix, index = row labels, columns = column labels.
    More than 2N+1 rows: the first and last N in the table's order (busiest first) and an
    empty summary row between, as in ranked_bars."""
    labels, note = _ends(list(table.index), full_list)
    if note:
        table = table.reindex(labels).astype(float)
    numbered = table.size <= 300  # a number in every cell; a larger grid gets a colour scale instead
    figure = go.Figure(go.Heatmap(
        z=table.to_numpy(), x=list(table.columns), y=list(table.index), colorscale=[[0, "#F7F4EA"], [1, RED]],
        hovertemplate=f"%{{y}} %{{x}}：%{{z:,}}{unit}<extra></extra>",
        texttemplate="%{z:,}" if numbered else None, showscale=not numbered, colorbar=dict(title=unit, thickness=14),
    ))
    # A cell that says its number needs no colour scale beside it; the margins are set here (labels,
    # two-line month ticks), not found by Plotly's automargin: together the two tripled the time
    # the browser took to draw this chart (a second layout pass for the scale's own axis).
    figure.update_yaxes(autorange="reversed", type="category", automargin=False)
    columns = [str(column) for column in table.columns]
    figure.update_xaxes(side="bottom", type="category", tickangle=0, tickvals=columns, ticktext=_month_columns(columns),
                        automargin=False)
    if note:
        figure.add_annotation(**note)
    return finish(figure, spec, max(216, 24 * len(table.index)), left_margin=label_margin(table.index), ticks_px=48,
                   right_margin=20 if numbered else 90)


def _month_columns(columns: list[str]) -> list[str]:
    """Column labels as level ticks: 2011年12月 reads 12月, with the year under the first month and
    under every January (1月<br>2012年), so two years of months fit without slanting."""
    shown = []
    for index, column in enumerate(columns):
        year, _, month = column.partition("年")
        if not month.endswith("月") or not month[:-1].isdigit():
            shown.append(column.replace("年", "年<br>", 1) if "年" in column and not column.endswith("年") else column)
        else:
            shown.append(f"{month}<br>{year}年" if index == 0 or month == "1月" else month)
    return shown


def distribution(table: pd.DataFrame, spec: ChartSpec, unit: str = "件") -> go.Figure:
    """Bars of a count per value (handling days); `mark_lines` adds the median and P90.
    `table`: columns value, count."""
    figure = go.Figure(go.Bar(x=table["value"], y=table["count"], marker_color=BLUE,
                              hovertemplate=f"%{{x}}天：%{{y:,}}{unit}<extra></extra>"))
    if len(table):  # the axis ends where 99.5% of the cases are closed; the rare long tail stays in the hover
        reached = (table["count"].cumsum() >= 0.995 * table["count"].sum()).to_numpy()
        figure.update_xaxes(range=[-0.5, float(table["value"].to_numpy()[reached.argmax()]) + 1.5])
    figure.update_xaxes(title="办理天数（自然日）")
    figure.update_yaxes(title=unit, tickformat=",d")
    return finish(figure, spec, PLOT_PX, left_margin=76, ticks_px=54)


def mark_lines(figure: go.Figure, marks: dict[str, float | None]) -> go.Figure:
    """Vertical reference lines with their labels (中位数 12天, P90 25天); the first label sits left
    of its line and the others right, so two close lines do not print over each other."""
    for index, (label, value) in enumerate(marks.items()):
        if value is None:
            continue
        figure.add_vline(x=value, line=dict(color=[RED, GOLD, TEAL][index % 3], dash="dash", width=2),
                         annotation_text=f"{label} {value:g}天",
                         annotation_position="top left" if index == 0 else "top right")
    return figure


def answer_shares(table: pd.DataFrame, spec: ChartSpec, full_list: str = FULL_LIST_BELOW) -> go.Figure:
    """Stacked horizontal shares of 满意 / 基本满意 / 不满意 per unit in the table's order (best
    first, see satisfaction.callback_answers), with the answer count beside each bar so a 100%
    from 3 answers is not read like one from 3,000. More than 2N+1 units: the first and last N
    and a summary row, as in ranked_bars. `table`: columns label, answer, votes (one row per
    label and answer)."""
    totals = table.groupby("label", sort=False)["votes"].sum()
    shown, note = _ends(list(totals.index), full_list)
    order = shown[::-1]
    figure = go.Figure()
    for answer in [a for a in ANSWER_COLORS if a in set(table["answer"])]:
        rows = table[table["answer"] == answer].set_index("label").reindex(order)
        share = rows["votes"].fillna(0) / totals.reindex(order)
        figure.add_trace(go.Bar(
            x=share, y=order, name=answer, orientation="h", marker_color=ANSWER_COLORS[answer],
            customdata=rows["votes"].fillna(0), hovertemplate=f"%{{y}} {answer}：%{{x:.1%}}（%{{customdata:,}}）<extra></extra>",
        ))
    for label in order:
        if label in totals.index:
            figure.add_annotation(x=1.0, xref="paper", xanchor="left", y=label, text=f" n={int(totals[label]):,}",
                                  showarrow=False, font=dict(size=12, color="#555"))
    if note:
        figure.add_annotation(**note)
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=order)
    figure.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    figure.update_xaxes(tickformat=".0%", range=[0, 1.0])
    return finish(figure, spec, max(170, 26 * len(order)), right_margin=80, left_margin=label_margin(order),
                   legend=True)


def download_config(spec: ChartSpec) -> dict:
    """Plotly's camera button: a PNG at 3× scale named after the title and period."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 3, "filename": spec.file_name()},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
