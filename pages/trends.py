"""信访投诉趋势: volume over time, by channel and category, township × month, and drill-down to cases."""

import streamlit as st

from minyi import app_state, charts, coverage, display, trends

con, view = app_state.scoped_page("信访投诉趋势")
scope, fields = view.scope, coverage.read(con)
source = app_state.data_source(scope.source)
st.caption(f"统计期间：{scope.label()}　按受理日期统计；{view.comparison_note()}")

grain = st.segmented_control("时间粒度", list(trends.GRAINS), default="month", format_func=trends.GRAINS.get,
                             key="grain", required=True, bind="query-params")
series = trends.volume_series(con, scope, grain)
if series.empty:
    display.empty_state()
    st.stop()
partial = "首尾两周可能不满一周" if grain == "week" else view.partial_note() if grain == "month" else ""
spec = charts.ChartSpec(f"受理量走势（按{trends.GRAINS[grain]}）", scope.label(), source,
                        "；".join(filter(None, ("按受理日期统计", partial))))
display.show_chart(charts.volume_over_time(series, spec), spec)

top = st.slider("问题类别显示前N类", 5, 20, 10, key="top", bind="query-params")
left, right = st.columns(2)
with left:
    channels = trends.volume_by(con, scope, "channel")
    spec = charts.ChartSpec("受理渠道分布", scope.label(), source, "按受理渠道统计，同比为与上年同期相比")
    display.show_chart(charts.ranked_bars(trends.labelled_bars(channels), spec), spec)
with right:
    categories = trends.top_with_other(trends.volume_by(con, scope, "category"), top)
    spec = charts.ChartSpec(f"问题类别前{top}位", scope.label(), source, "按问题类别统计，其余类别合并为“其他”")
    display.show_chart(charts.ranked_bars(trends.labelled_bars(categories), spec), spec)

matrix = trends.township_by_month(con, scope)
spec = charts.ChartSpec("各乡镇（街道）月度受理量", scope.label(), source, "按受理日期与所属乡镇统计")
if fields.missing("township", scope.source):  # one （未填写） row says nothing
    display.empty_state(f"各乡镇（街道）月度受理量：{fields.reason('township', scope.source)}。")
else:
    display.show_chart(charts.heatmap(matrix, spec), spec)

st.subheader("下钻到案件")
st.caption("点击下方条形图中的乡镇或部门，或在下拉框中选择，查看其案件清单。")
left, right = st.columns(2)
picked = None
volumes = {by: trends.volume_by(con, scope, by) for by in ("township", "department")
           if not fields.missing(by, scope.source)}
for column, by, title in ((left, "township", "各乡镇（街道）受理量"), (right, "department", "各承办部门受理量")):
    with column:
        if by not in volumes:
            display.empty_state(f"{title}：{fields.reason(by, scope.source)}。")
            continue
        spec = charts.ChartSpec(title, scope.label(), source, "同比为与上年同期相比；点击条形查看案件")
        event = display.show_chart(charts.ranked_bars(trends.labelled_bars(volumes[by]), spec), spec,
                                   key=f"{by}_bars", on_select="rerun")
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
    display.show_case_list(cases, total, f"{name}，{scope.label()}", key="xlsx-cases")
