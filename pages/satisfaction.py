"""满意度: callback satisfaction by township and department, and the 群众满意度测评 results with their
survey score. Every rate shows how many answers it rests on."""

import streamlit as st

from minyi import (
    app_state,
    charts,
    coverage,
    dataset,
    display,
    formatting,
    metrics,
    rankings,
    satisfaction,
    survey_indicators,
    timeliness,
    view_cache,
)
from minyi.metrics import Policy
from minyi.scope import UNFILLED

con, view = app_state.scoped_page("满意度")
scope, policy = view.scope, Policy.from_config()
source = app_state.data_source(scope.source)
caliber = policy.describe("satisfaction_rate")
st.caption(display.plain(f"统计期间：{scope.label()}　口径：{caliber}"))

st.subheader("回访满意度")
county = metrics.rates_by(con, scope, "county", policy)
fields = coverage.read(con)
if fields.missing("satisfaction", scope.source):
    display.empty_state(f"回访满意度无数据：{fields.reason('satisfaction', scope.source)}。")
elif county.empty or not county["rated"].iloc[0]:
    display.empty_state("所选范围内没有已评价的回访结果。")
else:
    row = county.iloc[0]
    display.show_figures([
        ("满意率", formatting.percent(row["satisfaction_rate"])), ("已评价", formatting.count(row["rated"])),
        ("不满意", formatting.count(row["unsatisfied"])), ("未回访", formatting.count(row["not_called_back"]))])
    if fields.partial("satisfaction", scope.source):
        st.caption(f"回访满意度{fields.partial('satisfaction', scope.source)}")
    left, right = st.columns(2)
    for column, by, title in ((left, "township", "各乡镇（街道）回访评价构成"), (right, "department", "各承办部门回访评价构成")):
        with column:
            if fields.missing(by, scope.source):
                display.empty_state(f"{title}：{fields.reason(by, scope.source)}。")
                continue
            table = metrics.rates_by(con, scope, by, policy)
            spec = charts.ChartSpec(title, scope.label(), source, "；".join(filter(None, (
                caliber, "n为已评价件数", fields.partial(by, scope.source)))))
            display.show_chart(view_cache.figure(charts.answer_shares, satisfaction.callback_answers(table), spec), spec)
            display.show_full_list(timeliness.rate_list(table[table["rated"] > 0], "satisfaction_rate", "rated"), {
                "unit": title.removeprefix("各").removesuffix("回访评价构成"), "satisfaction_rate": "满意率",
                "rated": st.column_config.NumberColumn("已评价", format="localized")},
                f"{title}_{scope.period.label()}", percent=("satisfaction_rate",), key=f"xlsx-callbacks-{by}")

st.subheader("群众满意度测评")
votes = satisfaction.survey_votes(con, scope)
if votes.empty:
    held = satisfaction.survey_dates(con)
    listed = "；".join(f"{name}（{date:%Y-%m-%d}）" for name, date in held.itertuples(index=False)) or "尚未导入测评数据"
    display.empty_state(f"所选期间没有测评。已有的测评：{listed}")
    st.stop()
st.caption(display.plain(f"测评：{'、'.join(votes['survey_name'].unique())}　{satisfaction.SCORE_CALIBER}；"
                         "测评按乡镇、部门筛选，不区分来源和问题类别"))
survey_source = f"{dataset.county_name(app_state.dataset_facts())}满意度测评"
by_township = satisfaction.survey_scores(votes[votes["township"] != UNFILLED], "township", policy)
bars = satisfaction.score_bars(by_township)
lowest = rankings.laggards(bars["label"], bars["value"].round(2)) if not bars.empty else set()
spec = charts.ChartSpec("各乡镇（街道）测评得分", satisfaction.survey_label(con, votes), survey_source,
                        "；".join(filter(None, (satisfaction.SCORE_CALIBER, rankings.laggard_note(lowest)))))
score_columns = {"votes": st.column_config.NumberColumn("票数", format="localized"), "satisfaction_rate": "满意率",
                 "score": st.column_config.NumberColumn("得分", format="%.2f")}
if bars.empty:
    display.empty_state("所选测评没有“满意/基本满意/不满意”的答案，无法计算测评得分。")
else:
    display.show_chart(view_cache.figure(charts.ranked_bars, bars, spec, value_format="score", highlight=lowest), spec)
    display.show_full_list(by_township, {"unit": "乡镇（街道）", **score_columns},
                           f"测评得分_按乡镇（街道）_{scope.period.label()}", percent=("satisfaction_rate",),
                           key="xlsx-survey-township")
by_department = votes["department"] != UNFILLED
for by, label, rows in (("item", "测评项目", votes), ("department", "被测评部门", votes[by_department])):
    if rows.empty:
        continue
    display.show_table(satisfaction.survey_scores(rows, by, policy), {"unit": label, **score_columns},
                       f"测评得分_按{label}_{scope.period.label()}", percent=("satisfaction_rate",), key=f"xlsx-survey-{by}")

st.subheader("民意调查指标")
polled = satisfaction.poll_rates(con, scope, "township", policy.basic_satisfied_weight)
if polled.empty:
    display.empty_state("所选期间的调查中没有满意率、信任率、见警率或安全感项目（项目名称含“满意”“信任”“见警”“安全”的才计入）。")
    st.stop()
county = satisfaction.poll_rates(con, scope, "county", policy.basic_satisfied_weight).set_index("indicator")
shown = [indicator for indicator in survey_indicators.INDICATORS if indicator.key in county.index]
display.show_figures([(indicator.label, formatting.percent(county.at[indicator.key, "rate"])) for indicator in shown])
st.caption(display.plain("；".join(indicator.formula(policy.basic_satisfied_weight) for indicator in shown)
                         + f"；{survey_indicators.UNSURE_WORDS}。各乡镇（街道）的回答人数见表中“人数”列"))
display.show_table(survey_indicators.wide(polled), {
    "unit": "乡镇（街道）", **{column: label for indicator in shown for column, label in (
        (indicator.key, indicator.label),
        (f"{indicator.key}_answered", st.column_config.NumberColumn(f"{indicator.label}人数", format="localized")))}},
    f"民意调查指标_按乡镇（街道）_{scope.period.label()}", percent=tuple(indicator.key for indicator in shown),
    key="xlsx-opinion-township")
