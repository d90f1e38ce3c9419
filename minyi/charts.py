"""Every chart of the dashboard and the briefing, in one government-report theme.

A chart is pasted into briefings on its own, so each one carries its title, period and scope,
data source and 统计口径 (the `ChartSpec`), and numbers are written the Chinese way. Builders
take tidy DataFrames and return Plotly figures; they never query or format data themselves
beyond labels, so the same figure serves the page and the static export.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from minyi import formatting

FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'SimHei', sans-serif"
RED, BLUE, GOLD, GREY, GREEN, TEAL = "#B22222", "#1F4E79", "#C9A227", "#8C8C8C", "#2E7D32", "#2A7F8E"
INK = "#3A3A3A"  # the 黑榜: dark grey, never the red of the 红榜 heading
COLORWAY = [BLUE, RED, GOLD, TEAL, GREEN, "#6A4C93", "#D9822B", GREY]
ANSWER_COLORS = {"满意": GREEN, "基本满意": GOLD, "不满意": RED, "逾期未评价": GREY, "未回访": "#D0D0D0"}

pio.templates["minyi"] = go.layout.Template(layout=go.Layout(
    font=dict(family=FONT_FAMILY, size=13, color="#222"),
    colorway=COLORWAY,
    paper_bgcolor="white",
    plot_bgcolor="white",
    title=dict(x=0.0, xanchor="left", pad=dict(l=12), font=dict(size=18, color="#111"),
               subtitle=dict(font=dict(size=12, color="#555"))),
    margin=dict(l=10, r=20, t=118, b=60),
    xaxis=dict(showgrid=False, linecolor="#999", ticks="outside", automargin=True),
    yaxis=dict(gridcolor="#E6E6E6", zeroline=False, automargin=True, separatethousands=True),
    legend=dict(orientation="h", yanchor="top", y=-0.14, x=0.0, xanchor="left", title=None),
    separators=".,",
    hoverlabel=dict(font=dict(family=FONT_FAMILY)),
))
TEMPLATE = "minyi"
SUBTITLE_WIDTH = 38  # characters per subtitle line: what a half-width chart shows at 12px on a laptop


@dataclass(frozen=True)
class ChartSpec:
    """What makes a chart self-explaining: its title, the scope line, the data source and the 口径."""

    title: str
    scope: str
    source: str
    caliber: str = ""

    def subtitle_lines(self) -> list[str]:
        """Scope, source and 口径 on lines of their own, wrapped to fit a half-width chart, so no
        part is cut off at the chart's edge."""
        lines = [self.scope, f"数据来源：{self.source}"] + ([f"口径：{self.caliber}"] if self.caliber else [])
        return [part for line in lines for part in textwrap.wrap(line, SUBTITLE_WIDTH)]

    def subtitle(self) -> str:
        return "<br>".join(self.subtitle_lines())

    def file_name(self) -> str:
        """Title and period, safe as a file name on Windows: 信访件月度走势_2012年1-9月."""
        period = self.scope.split(" · ")[0]
        return formatting.file_name(f"{self.title}_{period}")


def _finish(figure: go.Figure, spec: ChartSpec, height: int = 420, right_margin: int = 20) -> go.Figure:
    """Theme, size, and the title block; `right_margin` leaves room for labels past the bar ends."""
    lines = len(spec.subtitle_lines())
    figure.update_layout(template=TEMPLATE, height=height + 18 * lines, margin=dict(r=right_margin, t=84 + 18 * lines),
                         title=dict(text=f"<b>{spec.title}</b>", subtitle=dict(text=spec.subtitle())))
    return figure


def trend_against_last_year(series: pd.DataFrame, spec: ChartSpec, unit: str = "件") -> go.Figure:
    """Lines of this year's and last year's monthly counts on one 1–12月 axis.
    `series`: columns year, month (1–12), value."""
    figure = go.Figure()
    years = sorted(series["year"].unique())
    for year in years:
        rows = series[series["year"] == year].sort_values("month")
        latest = year == years[-1]
        figure.add_trace(go.Scatter(
            x=[f"{m}月" for m in rows["month"]], y=rows["value"], name=f"{year}年", mode="lines+markers",
            line=dict(color=RED if latest else GREY, width=3 if latest else 2, dash=None if latest else "dot"),
            hovertemplate=f"{year}年%{{x}}：%{{y:,}}{unit}<extra></extra>",
        ))
    figure.update_xaxes(categoryorder="array", categoryarray=[f"{m}月" for m in range(1, 13)])
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    return _finish(figure, spec)


def volume_over_time(series: pd.DataFrame, spec: ChartSpec, unit: str = "件") -> go.Figure:
    """Counts per year, month, week or day, one line per group, a marker on every point so a
    single month or an isolated one still shows. `series`: columns bucket, group, value, and
    optionally label and partial (years: the label is the x-axis text, 2024年1-8月 for a partial
    year, whose marker is drawn hollow)."""
    figure = go.Figure()
    by_label = "label" in series
    for group, rows in series.groupby("group", sort=False):
        if by_label:
            partial = rows["partial"].astype(bool).to_numpy() if "partial" in rows else [False] * len(rows)
            figure.add_trace(go.Scatter(
                x=rows["label"], y=rows["value"], name=str(group), mode="lines+markers",
                marker=dict(size=9, symbol=["circle-open" if p else "circle" for p in partial],
                            line=dict(width=[2 if p else 0 for p in partial])),
                hovertemplate=f"{group} %{{x}}：%{{y:,}}{unit}<extra></extra>"))
        else:
            figure.add_trace(go.Scatter(x=rows["bucket"], y=rows["value"], name=str(group), mode="lines+markers",
                                        marker=dict(size=6 if len(rows) <= 120 else 3),
                                        hovertemplate=f"{group} %{{x|%Y-%m-%d}}：%{{y:,}}{unit}<extra></extra>"))
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    if by_label:
        _year_ticks(figure, list(dict.fromkeys(series["label"])))
    elif series["bucket"].dt.day.ne(1).any():  # weeks and days
        figure.update_xaxes(tickformat="%-m月%-d日")
    else:
        figure.update_xaxes(**month_ticks(pd.DatetimeIndex(sorted(series["bucket"].unique()))))
    figure.update_layout(showlegend=series["group"].nunique() > 1)
    return _finish(figure, spec)


def month_ticks(months: pd.DatetimeIndex) -> dict:
    """Month ticks as reports write them: 1月 … 12月, with the year on the first and on every
    January (2012年1月), one tick per month up to two years, else every few months, and the last
    month always labelled."""
    step = max(1, -(-len(months) // 12)) if len(months) > 24 else 1
    chosen = list(months[::step])
    if len(months) and months[-1] not in chosen:
        chosen.append(months[-1])
    text = [f"{m.year}年{m.month}月" if i == 0 or m.month == 1 else f"{m.month}月" for i, m in enumerate(chosen)]
    return {"tickvals": chosen, "ticktext": text, "tickangle": 0}


def yearly_bars(table: pd.DataFrame, spec: ChartSpec, unit: str = "件") -> go.Figure:
    """One bar per year with its count on top; a partial year (2024年1-8月) is drawn lighter so it
    is not read as a fall. `table`: columns label, value, partial."""
    partial = table["partial"].astype(bool).to_numpy()
    figure = go.Figure(go.Bar(
        x=table["label"], y=table["value"], text=[f"{formatting.count(v)}" for v in table["value"]],
        textposition="outside", cliponaxis=False,
        marker=dict(color=["#C9D6E3" if p else BLUE for p in partial], line=dict(color=BLUE, width=1.5),
                    pattern=dict(shape=["/" if p else "" for p in partial], fgcolor=BLUE, size=6)),
        hovertemplate=f"%{{x}}：%{{y:,}}{unit}<extra></extra>",
    ))
    _year_ticks(figure, list(table["label"]))
    figure.update_yaxes(rangemode="tozero", tickformat=",d", range=[0, float(table["value"].max() or 1) * 1.15])
    return _finish(figure, spec)


def _year_ticks(figure: go.Figure, labels: list[str]) -> None:
    """Years in order on a category axis; a partial year's dates (2024年1月1日-8月15日) go on a
    second line, so nine labels stay level instead of slanting across the chart."""
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=labels, tickvals=labels, tickangle=0,
                        ticktext=[label.replace("年", "年<br>", 1) if not label.endswith("年") else label
                                  for label in labels])


LAGGARDS = 3  # how many units at the bottom of a ranking are drawn in red


def laggards(labels: pd.Series, values: pd.Series) -> set:
    """The units at the bottom of a ranked list to draw in red: those whose value (higher is
    better; pass it rounded as shown, 95.0%) leaves them, with every unit tied with them, within
    the last LAGGARDS. Tied units are red together or not at all, so a tie straddling the
    boundary leaves fewer in red, and when all tie none is; none either when the list is too
    short to single any out."""
    if len(labels) <= LAGGARDS:
        return set()
    at_or_below = pd.Series(values.to_numpy()).rank(method="max")  # how many units are as low or lower
    return {label for label, places in zip(labels, at_or_below) if places <= LAGGARDS}


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


def ranked_bars(table: pd.DataFrame, spec: ChartSpec, value_format: str = "count", highlight: set | None = None,
                unit: str = "件", full_list: str = FULL_LIST_BELOW, highlight_color: str = RED) -> go.Figure:
    """Horizontal bars in the table's order, first on top; `value_format` is count, percent, score
    (a 3–5 survey score) or points (a 0–100 composite). `table`: columns label, value, and optionally text (shown at the bar end, e.g.
    "99.2%（应办结1,234件）"). Bars in `highlight` are drawn in `highlight_color`. The value axis
    starts at 0, except a rate axis where every unit is high, which says where it starts. More than 2N+1 units
    (N = SHOWN_AT_EACH_END) are ordered by value, then name (so ties never decide by accident
    which are drawn), and the first and last N drawn with one summary row between them saying
    how many are left out and where the full list is (`full_list`)."""
    table, note = _trimmed(table, full_list)
    rows = table.iloc[::-1]
    highlight = highlight or set()
    colors = [highlight_color if label in highlight else BLUE for label in rows["label"]]
    texts = rows["text"] if "text" in rows else None
    hover = {"percent": "%{y}：%{x:.1%}", "score": "%{y}：%{x:.2f}分", "points": "%{y}：%{x:.1f}分"}.get(
        value_format, f"%{{y}}：%{{x:,}}{unit}")
    figure = go.Figure(go.Bar(
        x=rows["value"], y=rows["label"], orientation="h", marker_color=colors, text=texts,
        textposition="outside", cliponaxis=False, hovertemplate=hover + "<extra></extra>",
    ))
    if value_format == "percent":
        floor = _percent_floor(rows["value"])
        step = 0.2 if floor == 0 else 0.05 if 1 - floor > 0.1 else 0.01
        ticks = [round(floor + step * index, 4) for index in range(int(round((1 - floor) / step)) + 1)]
        figure.update_xaxes(tickformat=".0%", range=[floor, 1.0], tickvals=ticks)
        if floor > 0:  # so 97% and 100% look different; said on the chart, since bars then lie about ratios
            figure.add_annotation(text=f"横轴自{floor:.0%}起", xref="paper", yref="paper", x=0, y=0, yshift=-42,
                                  xanchor="left", yanchor="top", showarrow=False, font=dict(size=11, color=GREY))
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
    return _finish(figure, spec, height=max(320, 140 + 26 * len(rows)), right_margin=20 + 9 * longest)


def _trimmed(table: pd.DataFrame, full_list: str) -> tuple[pd.DataFrame, dict | None]:
    """ranked_bars' rows: all of them, or the first and last N by value then name, with an empty
    summary row between."""
    if not omitted(len(table)):
        return table, None
    ordered = table.assign(_value=table["value"].astype(float)).sort_values(
        ["_value", "label"], ascending=[False, True], kind="mergesort").drop(columns="_value")
    labels, note = _ends(list(ordered["label"]), full_list)
    gap = pd.DataFrame({"label": [labels[SHOWN_AT_EACH_END]], "value": [None],
                        **({"text": [""]} if "text" in table else {})})
    rows = pd.concat([ordered.head(SHOWN_AT_EACH_END), gap, ordered.tail(SHOWN_AT_EACH_END)], ignore_index=True)
    return rows, note


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
    figure = go.Figure(go.Heatmap(
        z=table.to_numpy(), x=list(table.columns), y=list(table.index), colorscale=[[0, "#F7F4EA"], [1, RED]],
        hovertemplate=f"%{{y}} %{{x}}：%{{z:,}}{unit}<extra></extra>", colorbar=dict(title=unit),
        texttemplate="%{z:,}" if table.size <= 300 else None,
    ))
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(side="bottom", type="category")
    if note:
        figure.add_annotation(**note)
    return _finish(figure, spec, height=max(360, 140 + 24 * len(table.index)))


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
    return _finish(figure, spec)


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
                                  showarrow=False, font=dict(size=11, color="#555"))
    if note:
        figure.add_annotation(**note)
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=order)
    figure.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    figure.update_xaxes(tickformat=".0%", range=[0, 1.0])
    return _finish(figure, spec, height=max(340, 170 + 26 * len(order)), right_margin=80)


def download_config(spec: ChartSpec) -> dict:
    """Plotly's camera button: a PNG at 3× scale named after the title and period."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 3, "filename": spec.file_name()},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
