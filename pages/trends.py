"""信访投诉趋势: volume over time, by channel and category, township × month, and drill-down to cases."""

import streamlit as st

from minyi import app_state, charts, coverage, display, time_charts, trends, view_cache
from minyi.periods import Period

con, view = app_state.scoped_page("信访投诉趋势")
scope, data, fields = view.scope, Period(view.first_day, view.last_day), coverage.read(con)
source = app_state.data_source(scope.source)
st.caption(display.plain(f"统计期间：{scope.label()}　按受理日期统计；{view.comparison_note()}"))

natural = trends.default_grain(scope.period)  # by year over more than two years, else by month
if st.session_state.get("trends-natural-grain", natural) != natural:  # the period crossed that line: follow it
    st.session_state["grain"] = natural
st.session_state["trends-natural-grain"] = natural
grain = st.segmented_control("时间粒度", list(trends.GRAINS), default=natural,
                             format_func=trends.GRAINS.get, key="grain", required=True, bind="query-params")
series = trends.volume_series(con, scope, grain, data)
if series.empty:
    display.empty_state()
    st.stop()
if grain == "month" and view.compared:  # each source's line over its own last year's
    series = trends.with_last_year(con, scope, series, data)
partial = {"week": "空心点为不满一周", "month": view.partial_note(),
           "year": trends.partial_years_note(scope.period)}.get(grain, "")
spec = charts.ChartSpec(f"受理量走势（按{trends.GRAINS[grain]}）", scope.label(), source,
                        "；".join(filter(None, ("按受理日期统计", "虚线为上年同期" if "last_year" in series else "",
                                                partial))), width=charts.FULL)
display.show_chart(view_cache.figure(time_charts.volume_over_time, series, spec), spec)

top = st.slider("问题类别显示前N类", 5, 20, 10, key="top", bind="query-params")
left, right = st.columns(2)
for column, by, title, caliber in ((left, "channel", "受理渠道分布", "按受理渠道统计，同比为与上年同期相比"),
                                   (right, "category", f"问题类别前{top}位", "按问题类别统计，其余类别合并为“其他”")):
    with column:
        if fields.missing(by, scope.source):  # one （未填写） bar of every case says nothing
            display.empty_state(f"{title}：{fields.reason(by, scope.source)}。")
            continue
        volumes = trends.top_with_other(trends.volume_by(con, scope, by), top)
        spec = charts.ChartSpec(title, scope.label(), source, "；".join(filter(None, (
            caliber, fields.partial(by, scope.source)))))
        display.show_chart(view_cache.figure(charts.ranked_bars, trends.labelled_bars(volumes), spec), spec)

matrix = trends.township_by_period(con, scope, data)
by_year = trends.default_grain(scope.period) == "year"
title = f"各乡镇（街道）{'年度' if by_year else '月度'}受理量"
spec = charts.ChartSpec(title, scope.label(), source, "；".join(filter(None, (
    "按受理日期与所属乡镇统计", fields.partial("township", scope.source)))), width=charts.FULL)
if fields.missing("township", scope.source):  # one （未填写） row says nothing
    display.empty_state(f"{title}：{fields.reason('township', scope.source)}。")
else:
    display.show_chart(view_cache.figure(charts.heatmap, matrix, spec), spec)
    display.show_full_list(matrix.reset_index(), {"township": "乡镇（街道）", **{name: name for name in matrix.columns}},
                           f"各乡镇（街道）受理量_{scope.period.label()}", key="xlsx-heatmap")

st.subheader("下钻到案件")
st.caption("在下拉框中选择乡镇或部门，查看其案件清单；或打开条形图，点击其中的乡镇或部门。")
picked = None
volumes = {by: trends.volume_by(con, scope, by) for by in ("township", "department")
           if not fields.missing(by, scope.source)}
# two more charts and their lists: drawn only when asked for, so the page opens as fast as it can
if st.toggle("显示各乡镇（街道）、各承办部门受理量条形图", key="drill-bars"):
    left, right = st.columns(2)
    for column, by, title in ((left, "township", "各乡镇（街道）受理量"), (right, "department", "各承办部门受理量")):
        with column:
            if by not in volumes:
                display.empty_state(f"{title}：{fields.reason(by, scope.source)}。")
                continue
            spec = charts.ChartSpec(title, scope.label(), source, "；".join(filter(None, (
                "同比为与上年同期相比；点击条形查看案件", fields.partial(by, scope.source)))))
            event = display.show_chart(view_cache.figure(charts.ranked_bars, trends.labelled_bars(volumes[by]), spec),
                                       spec, key=f"{by}_bars", on_select="rerun")
            display.show_full_list(volumes[by], {
                "unit": title.removeprefix("各").removesuffix("受理量"),
                "received": st.column_config.NumberColumn("受理", format="localized"),
                "received_earlier": st.column_config.NumberColumn("上年同期", format="localized"), "yoy": "同比"},
                f"{title}_{scope.period.label()}", changes=("yoy",), key=f"xlsx-{by}-volumes")
            label = display.picked_label(event)
            picked = (by, label) if label else picked
units = [(by, name) for by, table in volumes.items() for name in table["unit"]]
if picked in units:
    st.session_state["drill"] = picked
drill = st.selectbox("查看案件清单", [None, *units], key="drill",
                     format_func=lambda unit: "（请选择乡镇或部门）" if unit is None else
                     f"{'乡镇' if unit[0] == 'township' else '部门'}：{unit[1]}")
if drill:
    by, name = drill
    cases, total = trends.case_list(con, scope.narrowed(by, name))
    display.show_case_list(cases, total, f"{name}，{scope.label()}", key="xlsx-cases",
                           all_cases=lambda later=app_state.later_reader(): trends.case_list(
                               later(), scope.narrowed(by, name), limit=None)[0])
