"""办理时效: on-time rates and handling times by township and department, the overdue backlog at the
period end, and the cases closed after their deadline."""

import streamlit as st

from minyi import app_state, charts, coverage, display, formatting, metrics, overview, rankings, timeliness
from minyi.metrics import Policy

con, view = app_state.scoped_page("办理时效")
scope, policy = view.scope, Policy.from_config()
fields = coverage.read(con, scope)  # closures known for the cases in view
source = app_state.data_source(scope.source)
caliber = policy.describe("on_time_rate")
st.caption(display.plain(f"统计期间：{scope.label()}　口径：{caliber}；办理天数按自然日计，从受理日到办结日"))
if fields.missing("closed_at", scope.source):  # every case would read open and overdue
    display.empty_state(f"办理时效无数据：{fields.reason('closed_at', scope.source)}，无法判断办结和超期。")
    st.stop()
if fields.partial("closed_at", scope.source):
    st.caption(f"本页数字{fields.partial('closed_at', scope.source)}")

days = timeliness.handling_days(con, scope, "township")
histogram, marks = timeliness.handling_histogram(days)
overdue, overdue_total = timeliness.overdue_cases(con, scope, policy)
late, late_total = timeliness.late_closures(con, scope, policy)
county = metrics.rates_by(con, scope, "county", policy)
received = not county.empty and county["received"].iloc[0] > 0
row = county.iloc[0] if received else {"on_time_rate": None, "due": 0}
display.show_figures([
    ("按时办结率", formatting.percent(row["on_time_rate"])), ("应办结", formatting.count(row["due"])),
    ("办理天数中位数", "—" if marks["中位数"] is None else f"{marks['中位数']:g}天"),
    ("超期未办结（期末）", formatting.count(overdue_total)), ("超期办结", formatting.count(late_total))])
if received:
    st.caption(f"按时办结率的{overview.deadline_note(row, policy)}")

if not received:  # no cases received in the scope, but an older backlog may still be overdue
    display.empty_state("所选范围内本期没有受理案件；下方仍列出期末仍超期未办结的案件。")
else:
    left, right = st.columns(2)
    for column, unit_by, title in ((left, "township", "各乡镇（街道）按时办结率"),
                                   (right, "department", "各承办部门按时办结率")):
        with column:
            if fields.missing(unit_by, scope.source):
                display.empty_state(f"{title}：{fields.reason(unit_by, scope.source)}。")
                continue
            rates = metrics.rates_by(con, scope, unit_by, policy)
            bars, laggards, counted = timeliness.rate_bars(
                rates, "on_time_rate", "due", "应办结", assumed="deadlines_assumed" if policy.assumed_deadlines else None)
            spec = charts.ChartSpec(title, scope.label(), source, "；".join(filter(None, (
                caliber, counted, rankings.laggard_note(laggards), fields.partial(unit_by, scope.source)))))
            display.show_chart(charts.ranked_bars(bars, spec, value_format="percent", highlight=laggards), spec)
            display.show_full_list(timeliness.rate_list(rates, "on_time_rate", "due"), {
                "unit": title.removeprefix("各").removesuffix("按时办结率"), "on_time_rate": "按时办结率",
                "due": st.column_config.NumberColumn("应办结", format="localized")},
                f"{title}_{scope.period.label()}", percent=("on_time_rate",), key=f"xlsx-on-time-{unit_by}")

    spec = charts.ChartSpec("办理天数分布", scope.label(), source, "受理日至办结日的自然日数，仅含期末前已办结件")
    display.show_chart(charts.mark_lines(charts.distribution(histogram, spec), marks), spec)

    by = st.segmented_control("办理天数明细", ["township", "department"], default="township", key="times_by",
                              format_func={"township": "按乡镇（街道）", "department": "按承办部门"}.get, required=True,
                              bind="query-params")
    if by != "township":
        days = timeliness.handling_days(con, scope, by)
    display.show_table(timeliness.handling_summary(days), {
        "unit": "单位", "closed": st.column_config.NumberColumn("已办结", format="localized"),
        "median_days": st.column_config.NumberColumn("办理天数中位数", format="%d天"),
        "p90_days": st.column_config.NumberColumn("办理天数P90", format="%d天"),
        "mean_days": st.column_config.NumberColumn("平均办理天数", format="%.1f天"),
    }, f"办理天数_{scope.period.label()}", key="xlsx-days")

later = app_state.later_reader()  # the full lists are read when their download is clicked
overdue_tab, late_tab = st.tabs([f"超期未办结（截至{scope.period.end:%Y-%m-%d}）", "超期办结"])
with overdue_tab:
    display.show_case_list(overdue, overdue_total, f"截至{scope.period.end:%Y年%m月%d日}仍未办结且已过期限的案件",
                           key="xlsx-overdue", all_cases=lambda: timeliness.overdue_cases(later(), scope, policy, None)[0])
with late_tab:
    display.show_case_list(late, late_total, f"{scope.period.label()}受理、办结时已过期限的案件", key="xlsx-late",
                           all_cases=lambda: timeliness.late_closures(later(), scope, policy, None)[0])
