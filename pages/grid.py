"""网格: grid events by 乡镇 → 村（社区） → 网格: the rates with their 同比, the units one level down
ranked by a rate with the laggards in red, events by source month by month, and the events of the
place chosen."""

from dataclasses import replace

import streamlit as st

from minyi import app_state, charts, display, grid_metrics, grid_view, place_charts, rankings, time_charts
from minyi.grid_metrics import RATE_LABELS, GridPolicy
from minyi.scope import UNFILLED

con, view = app_state.scoped_page("网格", "grid")
period, policy = view.scope.period, GridPolicy.from_config()
last_year = view.scope.last_year().period
st.caption(display.plain(f"统计期间：{period.label()}（按上报时间），同比对比{last_year.label()}；按乡镇筛选（承办部门"
                         "指处置部门），来源、问题类别不适用于网格事件。各率的口径见指标卡的说明和图下注。"))

place = grid_view.Place(view.scope.township, department=view.scope.department)
grid_view.count_periods(con, period, last_year, place, policy)
level = grid_view.NEXT_LEVEL[place.level]
units = grid_view.rates(con, period.start, period.end, level, place, policy)
if place.township:  # a village, then a grid, of the chosen township: the units ranked below list them
    left, right = st.columns(2)
    villages = sorted(units["village"].dropna().unique())
    if villages:
        village = left.selectbox("村（社区）", ["全部", *villages], key="grid_village")
        if village != "全部":
            place = replace(place, village=village)
    if place.village or not villages:  # an export without 村（社区） goes from the township to its grids
        level = "grid"
        units = grid_view.rates(con, period.start, period.end, level, place, policy)
        grid = right.selectbox("网格", ["全部", *sorted(units["grid"].dropna().unique())], key="grid_grid")
        place = place if grid == "全部" else replace(place, grid=grid)
else:
    st.caption("点击条形或在侧栏选择乡镇（街道），可逐级查看其村（社区）和网格。")

if units.empty:  # no event in the place and period: say so, not a row of dashes
    events, first_day, last_day = grid_metrics.stored_span(con)
    display.empty_state(f"{place.label()}在{period.label()}没有网格事件（已导入的{events:,}件上报于{first_day:%Y年%m月%d日}"
                        f"至{last_day:%Y年%m月%d日}）。可以换一个统计期间或乡镇。")
    st.stop()
display.show_cards(grid_view.cards(con, period.start, period.end, (last_year.start, last_year.end), place, policy),
                   per_row=5)
source = app_state.data_source("grid")
scope_line = place.scope_line(period)

if place.level != "grid":
    rate = st.segmented_control("排名依据", grid_view.RANKED_RATES, default="closed_on_time_rate", key="grid_rate",
                                format_func=RATE_LABELS.get, required=True, bind="query-params")
    bars, lowest = grid_view.ranked(units, rate)
    title = f"各{grid_metrics.LEVELS[level]}{RATE_LABELS[rate]}"
    if bars.empty:
        display.empty_state(f"{title}：无数据（{grid_metrics.unsupported(grid_metrics.fields_carried(con)).get(rate, '本期没有可计算的事件')}）。")
    else:
        note = rankings.laggard_note(lowest).replace("深灰色", "红色")
        spec = charts.ChartSpec(title, scope_line, source, "；".join(filter(None, (
            policy.describe(rate), "括号内为基数；点击条形查看下一级", note))), width=charts.FULL)
        widget = grid_view.DRILL_WIDGETS[level]  # a click on a bar chooses that unit, as its filter would

        def drill_down() -> None:
            picked = display.picked_label(st.session_state.get("grid_bars"))
            if picked and picked in set(bars["label"]) and picked != UNFILLED:  # blanks have no filter value
                st.session_state[widget] = picked

        display.show_chart(charts.ranked_bars(bars, spec, value_format="percent", highlight=lowest,
                                              highlight_color=charts.RED), spec, key="grid_bars", on_select=drill_down)
        display.show_full_list(units[["unit", "events", "registered", *grid_metrics.RATES]], {
            "unit": grid_metrics.LEVELS[level], "events": st.column_config.NumberColumn("事件", format="localized"),
            "registered": st.column_config.NumberColumn("立案", format="localized"),
            **{name: label for name, label in RATE_LABELS.items()}},
            f"{title}_{period.label()}", percent=grid_metrics.RATES, key=f"xlsx-grid-{level}")

    nodes = grid_view.hierarchy(con, period.start, period.end, place, policy, rate)
    if len(nodes) > 1 and nodes["rate"].notna().any():
        spec = charts.ChartSpec(f"{place.label()}网格事件分布", scope_line, source, "；".join((
            place_charts.colour_note(nodes, RATE_LABELS[rate]), policy.describe(rate), "点击方块查看下一级")),
            width=charts.FULL)
        display.show_chart(place_charts.treemap(nodes, spec, RATE_LABELS[rate]), spec)

series = grid_view.events_by_source(con, period.start, period.end, place)
if not series.empty:
    spec = charts.ChartSpec("网格事件月度走势（按事件来源）", scope_line, source, "按上报时间统计，含未立案事件",
                            width=charts.FULL)
    display.show_chart(time_charts.volume_over_time(series, spec), spec)

st.subheader(f"{place.label()}的事件")
events = grid_view.event_list(con, period.start, period.end, place, limit=500)  # all of them only for the download
total = int(grid_view.rates(con, period.start, period.end, place.level, place, policy)["events"].sum())
display.show_table(events, {
    "event_id": "事件编号", "township": "乡镇（街道）", "village": "村（社区）", "grid": "网格", "grid_code": "网格编码",
    "event_source": "事件来源",
    "category": "事件类别", "event_at": st.column_config.DatetimeColumn("上报时间", format="YYYY-MM-DD HH:mm"),
    "deadline": st.column_config.DatetimeColumn("处置时限", format="YYYY-MM-DD HH:mm"),
    "closed_at": st.column_config.DatetimeColumn("结案时间", format="YYYY-MM-DD HH:mm"),
    "progress": "进展（期末）", "satisfaction": "回访满意度", "summary": "事件描述"},
    f"网格事件_{place.label()}_{period.label()}", key="xlsx-grid-events",
    all_rows=lambda: grid_view.event_list(con, period.start, period.end, place), empty="所选期间和范围内没有网格事件。")
if total > len(events):
    st.caption(f"共{total:,}件，表中列出最近的{len(events):,}件；下载的 Excel 含全部。")
