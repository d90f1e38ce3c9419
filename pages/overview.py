"""总览: what a leader reads in ten seconds — the numbers, how they changed, and the trend."""

import streamlit as st

from minyi import app_state, charts, display, overview
from minyi.metrics import Policy

con, view = app_state.scoped_page("总览")
scope, policy = view.scope, Policy.from_config()
st.caption(f"统计期间：{scope.label()}　{view.comparison_note()}")
summary = overview.overview(con, scope, policy)
display.show_cards(summary.cards)
st.caption(f"统计口径：{policy.describe()}")
if not summary.received:
    display.empty_state()
    st.stop()
st.markdown(f"> {summary.paragraph}")
trend = overview.monthly_against_last_year(con, scope)
spec = charts.ChartSpec(f"{scope.source_label()}受理量月度走势（与上年对比）", scope.label(),
                        app_state.data_source(scope.source), "按受理日期统计")
display.show_chart(charts.trend_against_last_year(trend, spec), spec)
