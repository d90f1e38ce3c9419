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
    """Counts per month, week or day, one line per group. `series`: columns bucket, group, value."""
    figure = go.Figure()
    for group, rows in series.groupby("group", sort=False):
        figure.add_trace(go.Scatter(x=rows["bucket"], y=rows["value"], name=str(group), mode="lines",
                                    hovertemplate=f"{group} %{{x|%Y-%m-%d}}：%{{y:,}}{unit}<extra></extra>"))
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    figure.update_xaxes(tickformat="%Y-%m-%d" if series["bucket"].dt.day.ne(1).any() else "%Y-%m")
    figure.update_layout(showlegend=series["group"].nunique() > 1)
    return _finish(figure, spec)


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


def ranked_bars(table: pd.DataFrame, spec: ChartSpec, value_format: str = "count", highlight: set | None = None,
                unit: str = "件") -> go.Figure:
    """Horizontal bars in the table's order, first on top; `value_format` is count, percent, score
    (a 3–5 survey score) or points (a 0–100 composite). `table`: columns label, value, and optionally text (shown at the bar end, e.g.
    "99.2%（应办结1,234件）"). Bars in `highlight` are drawn in red."""
    rows = table.iloc[::-1]
    highlight = highlight or set()
    colors = [RED if label in highlight else BLUE for label in rows["label"]]
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
    elif value_format == "score":
        figure.update_xaxes(tickformat=".1f", range=[3, 5], tickvals=[3, 3.5, 4, 4.5, 5])
    elif value_format == "points":  # 0–100, starting near the lowest so close scores stay apart
        figure.update_xaxes(tickformat=".0f", range=[max(0.0, float(rows["value"].min()) // 5 * 5 - 5), 100])
    else:
        figure.update_xaxes(tickformat=",d", range=[0, float(rows["value"].max() or 1) * 1.02])
    figure.update_xaxes(showgrid=True, gridcolor="#E6E6E6")
    longest = max((len(str(text)) for text in texts), default=0) if texts is not None else 0
    return _finish(figure, spec, height=max(320, 140 + 26 * len(rows)), right_margin=20 + 9 * longest)


def _percent_floor(values: pd.Series) -> float:
    """Where a rate axis starts: at 0, or near the lowest rate when all are high, so 97% and 100%
    look different instead of equally full."""
    low = float(values.min()) if len(values) else 0.0
    return 0.0 if low < 0.5 else max(0.0, int(low * 20) / 20 - 0.05)


def heatmap(table: pd.DataFrame, spec: ChartSpec, unit: str = "件") -> go.Figure:
    """Rows × columns of counts. `table`: the matrix, index = row labels, columns = column labels."""
    figure = go.Figure(go.Heatmap(
        z=table.to_numpy(), x=list(table.columns), y=list(table.index), colorscale=[[0, "#F7F4EA"], [1, RED]],
        hovertemplate=f"%{{y}} %{{x}}：%{{z:,}}{unit}<extra></extra>", colorbar=dict(title=unit),
        texttemplate="%{z:,}" if table.size <= 300 else None,
    ))
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(side="bottom", type="category")
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


def answer_shares(table: pd.DataFrame, spec: ChartSpec) -> go.Figure:
    """Stacked horizontal shares of 满意 / 基本满意 / 不满意 per unit, with the answer count beside
    each bar so a 100% from 3 answers is not read like one from 3,000.
    `table`: columns label, answer, votes (one row per label and answer)."""
    totals = table.groupby("label", sort=False)["votes"].sum()
    order = list(totals.index)[::-1]
    figure = go.Figure()
    for answer in [a for a in ANSWER_COLORS if a in set(table["answer"])]:
        rows = table[table["answer"] == answer].set_index("label").reindex(order)
        share = rows["votes"].fillna(0) / totals.reindex(order)
        figure.add_trace(go.Bar(
            x=share, y=order, name=answer, orientation="h", marker_color=ANSWER_COLORS[answer],
            customdata=rows["votes"].fillna(0), hovertemplate=f"%{{y}} {answer}：%{{x:.1%}}（%{{customdata:,}}）<extra></extra>",
        ))
    for label in order:
        figure.add_annotation(x=1.0, xref="paper", xanchor="left", y=label, text=f" n={int(totals[label]):,}",
                              showarrow=False, font=dict(size=11, color="#555"))
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
