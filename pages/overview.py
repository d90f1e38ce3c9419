"""总览: what a leader reads in ten seconds — the numbers, how they changed, the trend, and the
same in one paragraph."""

import streamlit as st

from minyi import app_state, charts, coverage, display, overview, rankings, service_view, takeaways, view_cache
from minyi.metrics import Policy
from minyi.periods import Period

con, view = app_state.scoped_page("总览")
scope, policy = view.scope, Policy.from_config()
st.caption(display.plain(f"统计期间：{scope.label()}　{view.comparison_note()}"))
summary = overview.overview(con, scope, policy)
display.show_cards(summary.cards)
if not summary.received:
    st.caption(f"统计口径：{policy.describe()}")
    display.empty_state()
    st.stop()
source = app_state.data_source(scope.source)
left, right = st.columns(2)
with left:
    trend = overview.monthly_against_last_year(con, scope, Period(view.first_day, view.last_day))
    spec = charts.ChartSpec(f"{scope.source_label()}{overview.TREND_KINDS[overview.trend_kind(scope.period)]}",
                            scope.label(), source, "；".join(filter(None, (
                                "按受理日期统计", view.partial_note(), overview.trend_note(scope)))))
    display.show_chart(view_cache.figure(overview.trend_figure, trend, scope, spec), spec)
with right:
    rule, fields = rankings.RankingRule.from_config(), coverage.read(con)
    missing = fields.reason("township", scope.source)
    if missing:
        display.empty_state(f"乡镇（街道）综合排名无数据：{missing}。")
    elif scope.township:  # one township: its place in the county, not a one-bar chart
        st.markdown(f"**乡镇（街道）综合排名**\n\n{display.plain(rankings.standings(con, scope, rule, policy)[0])}")
    else:
        table = rankings.ranking(con, scope, "township", rule, policy, with_change=False)
        bars, (marks, lists) = rankings.score_bars(table), rankings.list_marks(table)
        spec = charts.ChartSpec("乡镇（街道）综合排名", scope.label(), source, "；".join(filter(None, (
            "综合得分，规则与名次变化见“排名”页", lists, fields.partial("township", scope.source)))))
        if bars.empty:
            display.empty_state(takeaways.best_and_worst(table, rankings.UNIT_KINDS["township"], rule.min_cases))
        else:
            display.show_chart(view_cache.figure(charts.ranked_bars, bars, spec, value_format="points", highlight=marks), spec)
            display.show_full_list(bars, {"label": "乡镇（街道）", "value": st.column_config.NumberColumn("综合得分", format="%.1f")},
                                   f"乡镇（街道）综合排名_{scope.period.label()}", key="xlsx-overview-ranking")

# the paragraph and the 口径 under the charts, so that at 1366×768 a chart shows above the fold
st.markdown(f"> {display.plain(summary.paragraph)}")
st.caption(f"统计口径：{policy.describe()}")
service_cards = service_view.overview_cards(con, scope)
if service_cards:  # the county's service centres, beside its petitions and complaints
    st.markdown("**便民服务**（政务服务平台办件，按受理时间；详见“便民服务”页）")
    display.show_cards(service_cards)
