"""排名: townships or departments on one composite score, with the rank change against the previous
period and the 红榜/黑榜."""

import streamlit as st

from minyi import app_state, charts, coverage, display, rankings
from minyi.metrics import Policy

con, view = app_state.scoped_page("排名")
scope, policy, rule = view.scope, Policy.from_config(), rankings.RankingRule.from_config()
st.caption(display.plain(f"统计期间：{scope.label()}　{rankings.change_note(scope, rule, view.comparison_note())}"))
st.caption(f"{rule.describe()}。{policy.describe()}")
left, right = st.columns([2, 1])
typed = app_state.url_choice("rank_by", rankings.UNIT_KINDS)  # ?rank_by=department, as a link may be typed
by = left.segmented_control("排名对象", list(rankings.UNIT_KINDS), default=None if typed else "township", key="rank_by",
                            required=True, format_func=rankings.UNIT_KINDS.get, bind="query-params")
right.caption(f"红榜、黑榜各{rankings.list_size()}名（总览和简报同此）；与榜尾名次并列的单位一并列入。")
fields = coverage.read(con)
if fields.missing(by, scope.source):
    display.empty_state(f"无法排名：{fields.reason(by, scope.source)}。")
    st.stop()
table = rankings.ranking(con, rankings.ranked_scope(scope, by), by, rule, policy)  # a chosen unit among all
bars = rankings.score_bars(table)
if bars.empty:
    display.empty_state("所选范围内没有可排名的单位（受理件数不足或没有数据）。")
    st.stop()

best, worst = rankings.red_and_black(table)
marks, lists = rankings.chosen_marks(scope, by, *rankings.list_marks(table))
unit_name = rankings.UNIT_KINDS[by]
place = rankings.place_sentence(scope, by, table, rule)
if place:
    st.markdown(f"**{display.plain(place)}**")
spec = charts.ChartSpec(f"各{unit_name}综合得分排名", rankings.ranked_scope(scope, by).label(), app_state.data_source(scope.source),
                        "；".join(filter(None, ("综合得分见页面说明", lists, fields.partial(by, scope.source)))),
                        width=charts.FULL)
display.show_chart(charts.ranked_bars(bars, spec, value_format="points", highlight=marks, keep=getattr(scope, by)),
                   spec)

columns = {
    "rank": st.column_config.NumberColumn("名次", format="%d"), "unit": unit_name, "change": "名次变化",
    "score": st.column_config.NumberColumn("综合得分", format="%.1f"),
    "received": st.column_config.NumberColumn("受理", format="localized"),
    "received_yoy": "受理同比", "on_time_rate": "按时办结率", "completion_rate": "办结率", "satisfaction_rate": "满意率",
}
for column, label in (("grid_rate", "网格按期结案率"), ("service_rate", "便民服务按时办结率")):
    if column in table:  # parts of the composite when MINYI_RANKING_WEIGHTS weighs them
        columns[column] = label
rates = tuple(column for column in ("on_time_rate", "completion_rate", "satisfaction_rate", "grid_rate", "service_rate")
              if column in table)
short = {key: columns[key] for key in ("rank", "unit", "change", "score")}  # half a 1366 screen: the parts are below
red, black = st.columns(2)
n = rankings.list_size()
for column, title, rows, name, shown in (
        (red, f":red[红榜] 前{n}名" + (f"（含并列共{len(best)}个）" if len(best) > n else ""), best, "红榜", short),
        (black, f"黑榜 后{n}名" + (f"（含并列共{len(worst)}个）" if len(worst) > n else ""), worst, "黑榜", short),
        (st.container(), "完整排名", table, "完整排名", columns)):
    with column:
        st.markdown(f"#### {title}")  # our words: :red[红榜] is meant
        display.show_table(rows, shown, f"{unit_name}{name}_{scope.period.label()}", percent=rates,
                           changes=("received_yoy",), key=f"xlsx-{name}", chosen=getattr(scope, by))
