"""便民服务: the 办件 of the county's service centres: the headline figures with 同比 and 环比, volume
and 按时办结率 by level, the centres of a level ranked by a rate with the laggards in red, the
matters handled most, and 办件 month by month by level."""

import streamlit as st

from minyi import (app_state, charts, config, display, rankings, service_metrics, service_totals, service_view,
                   time_charts)
from minyi.service_metrics import RATE_LABELS, ServicePolicy

con, view = app_state.scoped_page("便民服务", "service")
period, policy = view.scope.period, ServicePolicy.from_config()
last_year = view.scope.last_year().period
st.caption(display.plain(f"统计期间：{period.label()}（按受理时间），同比对比{last_year.label()}；按乡镇筛选时只含该乡镇的"
                         "便民服务中心和村（社区）服务站的办件，承办部门指实施部门，来源、问题类别不适用于办件。"))

place = service_view.Place(view.scope.township, view.scope.department)
service_view.count_periods(con, period, last_year, view.scope.pop_windows(), place)
levels = service_view.rates(con, period, "level", place, policy)
if levels.empty:  # no 办件 in the place and period: say so, not a row of dashes
    items, first_day, last_day = service_metrics.stored_span(con)
    display.empty_state(f"{place.label()}在{period.label()}没有办件（已导入的{items:,}件受理于{first_day:%Y年%m月%d日}"
                        f"至{last_day:%Y年%m月%d日}）。可以换一个统计期间或乡镇。")
    st.stop()
display.show_cards(service_view.cards(con, period, last_year, view.scope.pop_windows(), place, policy,
                                      view.scope.pop_baseline()), per_row=6)
source = app_state.data_source("service")
scope_line = place.scope_line(period)

left, right = st.columns(2)
with left:
    spec = charts.ChartSpec("各层级办件量", scope_line, source, policy.describe("on_time_rate"))
    display.show_chart(charts.ranked_bars(service_view.by_level(levels), spec), spec)
with right:
    matters = service_view.rates(con, period, "matter", place, policy)
    spec = charts.ChartSpec("办件量前10的事项", scope_line, source, "括号内为按时办结率；全部事项见下方“事项”表")
    display.show_chart(charts.ranked_bars(service_view.top_matters(matters), spec), spec)

st.subheader("服务中心（窗口）")
choice_left, choice_right = st.columns([1, 3])
level = choice_left.selectbox("层级", service_view.LEVELS, index=1, key="service_level")
rate = choice_right.segmented_control("排名依据", service_view.RANKED_RATES, default="on_time_rate", key="service_rate",
                                      format_func=RATE_LABELS.get, required=True, bind="query-params")
centres = service_view.rates(con, period, "centre", place, policy, level=level)
min_base = int(config.RANKING_MIN_CASES.number(minimum=1))
bars, lowest = service_view.ranked(centres, rate, min_base)
title = f"{level}服务中心（窗口）{RATE_LABELS[rate]}"
if bars.empty:
    why = service_metrics.unsupported(service_metrics.fields_carried(con)).get(rate, f"本期{level}没有可计算的办件")
    display.empty_state(f"{title}：无数据（{why}）。")
else:
    note = rankings.laggard_note(lowest).replace("深灰色", "红色")
    spec = charts.ChartSpec(title, f"{scope_line} · {level}", source, "；".join(filter(None, (
        policy.describe(rate), f"括号内为基数，少于{min_base}件的不列", note))), width=charts.FULL)
    display.show_chart(charts.ranked_bars(bars, spec, value_format="percent", highlight=lowest,
                                          highlight_color=charts.RED), spec)
display.show_full_list(centres[["unit", "items", "closed", *service_metrics.RATES]], {
    "unit": "服务中心（窗口）", "items": st.column_config.NumberColumn("办件", format="localized"),
    "closed": st.column_config.NumberColumn("办结", format="localized"), **RATE_LABELS},
    f"{title}_{period.label()}", percent=service_metrics.RATES, key="xlsx-service-centres")

series = service_view.items_by_level(con, period.start, period.end, place)
if not series.empty:
    spec = charts.ChartSpec("办件量月度走势（按办理层级）", scope_line, source, "按受理时间统计", width=charts.FULL)
    display.show_chart(time_charts.volume_over_time(series, spec), spec)

st.subheader("咨询和事项目录")
left, right = st.columns(2)
with left:
    bars = service_view.consultations_by_centre(con, period, place)
    if bars.empty:
        display.empty_state("咨询人次：无数据（未导入服务中心的咨询人次汇总表，或所选期间没有）。")
    else:
        spec = charts.ChartSpec("各服务中心咨询人次", scope_line, app_state.data_source("service"),
                                "按月报送的人次计入所在月份")
        display.show_chart(charts.ranked_bars(bars, spec, unit="人次"), spec)
with right:
    catalogue_levels = service_totals.catalogue_levels(con)
    if not catalogue_levels:
        display.empty_state("事项目录：无数据（未导入各年度的政务服务事项目录）。")
    else:
        catalogue_level = (st.selectbox("目录层级", catalogue_levels, key="service_catalogue_level")
                           if len(catalogue_levels) > 1 else catalogue_levels[0])
        change = service_totals.catalogue_change(con, period.end.year, catalogue_level)
        spec = charts.ChartSpec(f"{service_totals.named_level(catalogue_level)}事项目录项数", "各年度目录",
                                app_state.data_source("service"),
                                change.sentence(catalogue_level) if change else f"{period.end.year}年及以前没有目录")
        display.show_chart(time_charts.yearly_bars(service_view.catalogue_bars(con, catalogue_level), spec, unit="项"),
                           spec)

st.subheader("事项")
display.show_full_list(matters[["unit", "items", "closed", *service_metrics.RATES]], {
    "unit": "事项名称", "items": st.column_config.NumberColumn("办件", format="localized"),
    "closed": st.column_config.NumberColumn("办结", format="localized"), **RATE_LABELS},
    f"办件事项_{place.label()}_{period.label()}", percent=service_metrics.RATES, key="xlsx-service-matters")
