"""How the pages show things: charts through one wrapper, KPI cards, and empty states.

Streamlit-facing, like app_state; the figures themselves come from minyi.charts.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from minyi import charts, formatting, spreadsheet
from minyi.overview import Card


def show_chart(figure: go.Figure, spec: charts.ChartSpec, key: str | None = None, on_select: str = "ignore"):
    """Every chart goes through here: our theme (not Streamlit's), and a camera button that saves
    a 3× PNG named after the chart's title and period."""
    return st.plotly_chart(figure, theme=None, config=charts.download_config(spec), key=key, on_select=on_select,
                           selection_mode="points" if on_select != "ignore" else ("points", "box", "lasso"))


def _delta_markdown(name: str, delta: str | None, rise_is_good: bool) -> str:
    if delta is None:
        return f"{name} —"
    if Card.is_flat(delta):
        return f"{name} :gray[{delta}]"
    rising = delta.startswith("+")
    color = "green" if rising == rise_is_good else "red"
    return f"{name} :{color}[{'↑' if rising else '↓'}{delta.lstrip('+-')}]"


def show_cards(cards: list[Card], per_row: int = 4) -> None:
    """KPI cards: the number, 同比 and 环比 with arrows coloured by whether the change is good news
    (fewer petitions is good, a higher rate is good), the card's sentence on hover, and its note
    (why it is 无数据, what it covers, how its deadlines were set) under it."""
    for start in range(0, len(cards), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, cards[start:start + per_row]):
            signed = formatting.is_signed_change(card.yoy)  # words (持平, 上年同期仅3件) read as a line, not a pill
            with column.container(border=True):
                st.metric(card.label, card.value, card.yoy if signed else None, help=card.sentence or None,
                          delta_description="同比" if signed else None,
                          delta_color="normal" if card.rise_is_good else "inverse")
                if not signed:  # also 同比 — where there is no baseline, as 环比 says
                    st.markdown(_delta_markdown("同比", card.yoy, card.rise_is_good))
                if card.pop_label:  # 年 and 自定义 have no 环比: no line rather than a repeat of 同比
                    st.markdown(_delta_markdown(card.pop_label, card.pop, card.rise_is_good))
                if card.note:
                    st.caption(card.note)


def empty_state(message: str = "所选范围内没有案件。可以放宽筛选条件，或换一个统计期间。") -> None:
    st.info(message, icon=":material/filter_alt_off:")


CASE_COLUMNS = {
    "case_id": "编号", "source": "来源",
    "received_at": st.column_config.DatetimeColumn("受理时间", format="YYYY-MM-DD HH:mm"),
    "channel": "渠道", "township": "乡镇（街道）", "village": "村（社区）", "department": "承办部门",
    "category": "问题类别", "deadline": st.column_config.DateColumn("办理期限", format="YYYY-MM-DD"),
    "closed_at": st.column_config.DatetimeColumn("办结时间", format="YYYY-MM-DD HH:mm"),
    "satisfaction": "回访结果", "is_repeat": st.column_config.CheckboxColumn("重复件"), "summary": "诉求摘要",
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
    st.caption(f"{what}：共{total:,}件{shown}。案件库不含个人信息，可放心展示。")
    show_table(cases, {column: CASE_COLUMNS[column] for column in cases.columns if column in CASE_COLUMNS},
               what, key=key, all_rows=all_cases if len(cases) < total else None)


def _header(column_config) -> str:
    return column_config if isinstance(column_config, str) else column_config["label"]


def show_table(table, columns: dict, file_name: str, percent: tuple[str, ...] = (), key: str | None = None,
               changes: tuple[str, ...] = (), all_rows: Callable[[], pd.DataFrame] | None = None) -> None:
    """A table with Chinese headers and, under it, the same rows as .xlsx (formula-safe, rates as
    percent numbers). `columns`: column → header or st.column_config, in display order;
    `percent`: rate columns holding fractions (0.992), shown as 99.2%; `changes`: relative changes
    (0.034), shown signed as +3.4%; `all_rows`, the rows of the download when the table shows
    only the first of them (called only when the button is clicked)."""
    config = {column: percent_column(_header(label), signed=column in changes) if column in (*percent, *changes)
              else label for column, label in columns.items()}
    percent = (*percent, *changes)
    st.dataframe(in_percent(table, list(percent))[list(columns)], hide_index=True, column_config=config,
                 placeholder=formatting.MISSING)  # a number that does not exist reads —, never None
    headers = {column: _header(label) for column, label in columns.items()}
    st.download_button("下载 Excel", lambda: spreadsheet.to_xlsx(all_rows() if all_rows else table, headers, percent),
                       file_name=f"{formatting.file_name(file_name)}.xlsx", mime=spreadsheet.XLSX_MIME, on_click="ignore",
                       icon=":material/download:", key=key or f"xlsx-{file_name}")


def show_full_list(table, columns: dict, file_name: str, percent: tuple[str, ...] = (), key: str | None = None,
                   changes: tuple[str, ...] = ()) -> None:
    """The whole list behind a breakdown chart, which draws only the first and last units of a
    long one (charts.omitted): open when the chart left units out, folded otherwise."""
    with st.expander(f"完整名单（共{len(table):,}个）", expanded=bool(charts.omitted(len(table))), icon=":material/list:"):
        show_table(table, columns, file_name, percent=percent, key=key, changes=changes)


def picked_label(event) -> str | None:
    """The category label of the bar a user clicked in a chart shown with on_select, if any."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    if not points:
        return None
    point = points[0]
    return point.get("y") if isinstance(point.get("y"), str) else point.get("x")


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
