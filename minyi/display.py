"""How the pages show things: charts through one wrapper, KPI cards, and empty states.

Streamlit-facing, like app_state; the figures themselves come from minyi.charts.
"""

from __future__ import annotations

import base64
import html
import functools
from pathlib import Path
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from minyi import card_markup, chart_text, charts, formatting, spreadsheet
from minyi.markdown_text import plain  # noqa: F401  (pages call it as display.plain)
from minyi.security import audit, signin
from minyi.overview import Card

STATIC = Path(__file__).parent / "static"

# Plotly's tool bar and notices in Chinese. Streamlit's plotly.js bundles no locale, so the
# dictionary travels with each chart's config (Plotly reads `locales` there as well as globally).
PLOTLY_WORDS = {
    "Download plot as a PNG": "下载图片（PNG）", "Download plot as a png": "下载图片（PNG）", "Download plot": "下载图片",
    "Zoom": "框选放大", "Pan": "平移", "Box Select": "框选", "Lasso Select": "套索选择", "Zoom in": "放大",
    "Zoom out": "缩小", "Autoscale": "自动缩放", "Reset axes": "还原坐标轴", "Reset": "还原", "Reset view": "还原视图",
    "Reset views": "还原视图", "Toggle Spike Lines": "显示/隐藏参考线", "Show closest data on hover": "悬停显示最近的数据",
    "Compare data on hover": "悬停比较数据", "Toggle show closest data on hover": "切换悬停显示",
    "Double-click to zoom back out": "双击还原", "Double-click on legend to isolate one trace": "双击图例只看这一项",
    "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
    "Preparing image - this may take a few seconds": "正在生成图片，请稍候",
    "Image download succeeded": "图片已下载", "Sorry, there was a problem downloading your image!": "图片下载失败，请重试",
    "Produced with Plotly.js": "由 Plotly.js 绘制",
}
TICK_ANGLES = [0, 30, 45]  # where labels crowd a narrow screen, Plotly tilts them, never stands them on end
PLOTLY_CHINESE = {"locale": "zh-CN", "locales": {"zh-CN": {"dictionary": PLOTLY_WORDS}}}


def show_chart(figure: go.Figure, spec: charts.ChartSpec, key: str | None = None, on_select: str = "ignore"):
    """Every chart goes through here: our theme (not Streamlit's), a camera button that saves
    a 3× PNG named after the chart's title and period, and the tool bar's tips in Chinese."""
    config = {**charts.download_config(spec), **PLOTLY_CHINESE}
    figure.update_xaxes(autotickangles=TICK_ANGLES)
    return st.plotly_chart(figure, theme=None, config=config, key=key, on_select=on_select,
                           selection_mode="points" if on_select != "ignore" else ("points", "box", "lasso"))


def page_chrome() -> None:
    """Once per run, before anything slow: the screen and print stylesheet, and the script that
    puts Streamlit's own English into Chinese, fits KPI numbers and draws the whole-page PNG."""
    st.html(STATIC / "screen.css")
    with st.sidebar:  # a script element takes a line of space; at the sidebar's foot it costs nothing
        st.html(f"<script>{_script()}</script>", unsafe_allow_javascript=True)


@functools.cache
def _script() -> str:
    """The browser side as one inline script. Streamlit's sanitizer drops a script whose text
    holds markup (the "<svg" that picture.js writes), so the code travels base64-encoded (UTF-8)
    and is decoded in the page."""
    code = "\n".join((STATIC / name).read_text(encoding="utf-8") for name in ("picture.js", "display.js"))
    packed = base64.b64encode(code.encode("utf-8")).decode("ascii")
    return (f'new Function(new TextDecoder().decode(Uint8Array.from(atob("{packed}"), (c) => c.charCodeAt(0))))'
            '.call(window);')


def page_tools() -> None:
    """The sidebar's 打印 and 整页图片 buttons (handled in the browser by display.js)."""
    st.sidebar.html('<div class="minyi-tools"><button type="button" data-action="picture">整页图片（PNG）</button>'
                    '<button type="button" data-action="print">打印 / 存为 PDF</button></div>')


def demo_marker(text: str) -> None:
    """The demo warning as one slim line above the title (styled by its key in screen.css)."""
    with st.container(key="minyi-demo"):
        st.warning(plain(text), icon=":material/warning:")


def print_header(title: str, county: str, period: str | None, end: str) -> None:
    """The printed pages' running header (county, period, 数据截至) and page numbers, as @page
    margin boxes; the title and period also name the whole-page PNG."""
    line = "　".join(filter(None, (county, period, end)))
    st.html(f"<style>@page {{ @top-left {{ content: {css_string(line)}; font-size: 9pt; color: #555; }}"
            f" @bottom-right {{ content: \"第 \" counter(page) \" 页\"; font-size: 9pt; color: #555; }} }}</style>")
    st.sidebar.html(f'<span class="minyi-header" hidden data-title="{html.escape(title)}" data-period="{html.escape(period or "")}"></span>')


def css_string(text: str) -> str:
    """`text` as a CSS string literal: quotes, backslashes and line breaks escaped."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\\n\r<>' else ch for ch in text)
    return f'"{escaped}"'


def show_cards(cards: list[Card], per_row: int = 4) -> None:
    """KPI cards: the number, 同比 and 环比 with arrows coloured by whether the change is good news
    (fewer petitions is good, a higher rate is good), the card's sentence on hover, and its note
    (why it is 无数据, what it covers, how its deadlines were set). One HTML element for all of
    them (minyi.card_markup: forty Streamlit elements drew slower than a whole bare page)."""
    st.html(card_markup.cards(cards, per_row))


def show_figures(pairs: list[tuple[str, str]]) -> None:
    """A row of plain cards (label and number) in the KPI cards' look."""
    st.html(card_markup.figures(pairs))


def empty_state(message: str = "所选范围内没有案件。可以放宽筛选条件，或换一个统计期间。") -> None:
    st.info(plain(message), icon=":material/filter_alt_off:")


CASE_COLUMNS = {
    "case_id": "编号", "source": "来源",
    "received_at": st.column_config.DatetimeColumn("受理时间", format="YYYY-MM-DD HH:mm"),
    "channel": "渠道", "township": "乡镇（街道）", "village": "村（社区）", "department": "承办部门",
    "category": "问题类别", "deadline": st.column_config.DateColumn("办理期限", format="YYYY-MM-DD"),
    "closed_at": "办结时间",  # text: the time, 未办结, or — (see with_closure_text)
    "satisfaction": "回访结果", "is_repeat": st.column_config.CheckboxColumn("重复件"),
    "summary": st.column_config.TextColumn("诉求摘要", width=160),  # cut in the grid (whole on hover and in Excel)
    "days_overdue": st.column_config.NumberColumn("超期天数", format="%d天"),
    "days_late": st.column_config.NumberColumn("逾期办结天数", format="%d天"),
}


def show_case_list(cases, total: int, what: str, key: str, all_cases: Callable[[], pd.DataFrame] | None = None) -> None:
    """A list of cases with Chinese headers; says how many there are when only the first page shows.
    The Excel download holds every case (`all_cases`, read only when clicked), not only those shown."""
    if not total:
        empty_state(f"{what}：没有符合条件的案件。")
        return
    shown = f"，显示前{len(cases):,}件，下载的 Excel 含全部{total:,}件" if len(cases) < total else ""
    st.caption(plain(f"{what}：共{total:,}件{shown}。案件库不含个人信息，可放心展示。"))
    show_table(with_closure_text(cases), {column: CASE_COLUMNS[column] for column in cases.columns if column in CASE_COLUMNS},
               what, key=key, all_rows=all_cases if len(cases) < total else lambda: cases)  # Excel keeps the times


def with_closure_text(cases: pd.DataFrame) -> pd.DataFrame:
    """The case list as shown: 办结时间 reads 2012-03-20 14:05, 未办结 for an open case, and — where
    the case's export carried no 办结时间 (`closure_known` false), never None."""
    if "closed_at" not in cases.columns:
        return cases
    shown = cases.copy()
    known = shown["closure_known"].fillna(False).astype(bool) if "closure_known" in shown.columns \
        else pd.Series(True, index=shown.index)
    closed = pd.to_datetime(shown["closed_at"])
    shown["closed_at"] = [f"{when:%Y-%m-%d %H:%M}" if not pd.isna(when) else ("未办结" if is_known else formatting.MISSING)
                          for when, is_known in zip(closed, known)]
    return shown


def _header(column_config) -> str:
    return column_config if isinstance(column_config, str) else column_config["label"]


def show_table(table, columns: dict, file_name: str, percent: tuple[str, ...] = (), key: str | None = None,
               changes: tuple[str, ...] = (), all_rows: Callable[[], pd.DataFrame] | None = None,
               chosen: str | None = None, empty: str = "无记录。") -> None:
    """A table with Chinese headers and, under it, the same rows as .xlsx (formula-safe, rates as
    percent numbers). `columns`: column → header or st.column_config, in display order;
    `percent`: rate columns holding fractions (0.992), shown as 99.2%; `changes`: relative changes
    (0.034), shown signed as +3.4%; `all_rows`, the rows of the download when the table shows
    only the first of them (called only when the button is clicked); `chosen`, the unit (column
    `unit`) a filter chose, whose row is tinted in charts.CHOSEN_ROW. A table without rows is the
    line `empty` (the grid would draw the English word "empty")."""
    if not len(table):
        st.caption(empty)
        return
    config = {column: percent_column(_header(label), signed=column in changes) if column in (*percent, *changes)
              else label for column, label in columns.items()}
    percent = (*percent, *changes)
    shown = in_percent(table, list(percent))[list(columns)]
    if chosen is not None and "unit" in shown:
        shown = shown.style.apply(lambda row: [f"background-color: {charts.CHOSEN_ROW}" if row["unit"] == chosen
                                               else ""] * len(row), axis=1)
    st.dataframe(shown, hide_index=True, column_config=config,
                 placeholder=formatting.MISSING)  # a number that does not exist reads —, never None
    headers = {column: _header(label) for column, label in columns.items()}

    def xlsx() -> tuple[bytes, int]:
        rows = all_rows() if all_rows else table
        return spreadsheet.to_xlsx(rows, headers, percent), len(rows)

    download_button("下载 Excel", xlsx, f"{formatting.file_name(file_name)}.xlsx", spreadsheet.XLSX_MIME,
                    key=key or f"xlsx-{file_name}")


def download_button(label: str, make: Callable[[], tuple[bytes, int | None]], file_name: str, mime: str,
                    key: str, **options) -> None:
    """Every download of the dashboard: the file is built when clicked (`make` returns its bytes and
    how many rows it holds, None for a document), and each build leaves an audit row naming the
    signed-in account, the file and the rows."""
    made = audit.recorded_download(signin.current().name, file_name, make)
    st.download_button(label, made, file_name=file_name, mime=mime, on_click="ignore",
                       icon=options.pop("icon", ":material/download:"), key=key, **options)


def show_full_list(table, columns: dict, file_name: str, percent: tuple[str, ...] = (), key: str | None = None,
                   changes: tuple[str, ...] = ()) -> None:
    """The whole list behind a breakdown chart, which draws only the first and last units of a
    long one (charts.omitted): open when the chart left units out, folded otherwise. A folded
    list is built only when opened (a rerun): the browser then draws no grid nobody looks at."""
    folder = st.expander(f"完整名单（共{len(table):,}个）", expanded=bool(charts.omitted(len(table))),
                         icon=":material/list:", key=f"{key or 'xlsx-' + file_name}-open", on_change="rerun")
    if folder.open:
        with folder:
            show_table(table, columns, file_name, percent=percent, key=key, changes=changes)


def picked_label(event) -> str | None:
    """The category label of the bar a user clicked in a chart shown with on_select, if any."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    if not points:
        return None
    point = points[0]
    label = point.get("y") if isinstance(point.get("y"), str) else point.get("x")
    return chart_text.from_markup(label) if isinstance(label, str) else label


def percent_column(label: str, signed: bool = False) -> st.column_config.NumberColumn:
    """A rate column shown as 99.2% (values from `in_percent`), or a change shown as +3.4%."""
    return st.column_config.NumberColumn(label, format="%+.1f%%" if signed else "%.1f%%")


def in_percent(table, columns: list[str]):
    """A copy of the table with rate columns (0–1, None where undefined) as percentages for
    percent_column; a missing rate stays empty, never 0% or NaN%."""
    shown = table.copy()
    for column in columns:
        shown[column] = shown[column].map(lambda rate: None if formatting.is_missing(rate) else float(rate) * 100)
    return shown
