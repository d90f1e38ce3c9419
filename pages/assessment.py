"""考核: the units of the county's 考核细则 scored for a year, half year or quarter, with 等次,
红黑榜, and for each unit where its points went and how it moved since the previous period."""

import streamlit as st

from minyi import app_state, charts, display, rankings, spreadsheet
from minyi.assessment import assess, rules, view
from minyi.assessment.rules import UNIT_KINDS
from minyi.periods import assessment_label, assessment_period, previous_period
from minyi.security import signin

con = app_state.page_start("考核")
if signin.current().scope_kind != "county":  # the menu offers it to county-level accounts only; a link must not
    st.error("考核页列出各单位的得分，仅供县级账号查看。", icon=":material/lock:")
    st.stop()
path = assess.rules_path()
if not path.exists():
    display.empty_state(f"还没有考核细则：请按 README“考核”一节编写 {path.name}（设置 MINYI_ASSESSMENT_RULES 可指定其他文件）。")
    st.stop()
text = path.read_text(encoding="utf-8-sig")
try:
    chosen = assess.parse_rules(text, path.name)
except rules.RuleError as error:
    st.error(display.plain(str(error)), icon=":material/rule:")
    st.stop()

choices = view.period_choices(*app_state.data_span())
if not choices:
    display.empty_state("数据中还没有一个完整的年度、半年或季度，无法考核。")
    st.stop()
asked = st.query_params.get("assess_period")  # a link may name it by code (2012H1) or as shown (2012年上半年)
if view.code_of(asked, choices) and "assess_period" not in st.session_state:
    st.session_state["assess_period"] = view.code_of(asked, choices)
code = st.selectbox("考核期间", list(choices), index=None if "assess_period" in st.session_state else 0,
                    key="assess_period", format_func=choices.get)
if asked is not None and not view.code_of(asked, choices):
    st.caption(display.plain(f"链接中的考核期间“{asked}”不是数据已覆盖的完整年度、半年或季度，显示的是{choices[code]}。"))
if st.query_params.get("assess_period") != code:  # the link states the period shown, the default too
    st.query_params["assess_period"] = code
period = assessment_period(code)
result = view.scored(con, text, path.name, code)
table = result.units
unit_name = UNIT_KINDS[chosen.units]
st.caption(display.plain(f"{chosen.title}　{assessment_label(period)}"))
st.caption(display.plain(view.rule_line(chosen)))
if table.empty:
    display.empty_state(f"{assessment_label(period)}没有可考核的{unit_name}：细则的各比率项目在本期都没有数据。")
    st.stop()
st.markdown(f"**{display.plain(view.grade_counts(chosen, table))}**")

marks, lists = rankings.list_marks(table)
bars = view.total_bars(table)
spec = charts.ChartSpec(f"各{unit_name}考核总分", f"{chosen.title} · {assessment_label(period)}",
                        view.source_line(app_state.dataset_facts(), chosen),
                        "；".join(filter(None, (view.rule_line(chosen), lists))), width=charts.FULL)
if not bars.empty:
    display.show_chart(charts.ranked_bars(bars, spec, value_format="points", highlight=marks), spec)

best, worst = rankings.red_and_black(table)
n = rankings.list_size()
short = {"rank": st.column_config.NumberColumn("名次", format="%d"), "unit": unit_name,
         "total": st.column_config.NumberColumn("总分", format="%.2f"), "grade": "等次"}
red, black = st.columns(2)
for column, title, rows, name in ((red, f":red[红榜] 前{n}名", best, "红榜"), (black, f"黑榜 后{n}名", worst, "黑榜")):
    with column:
        st.markdown(f"#### {title}" + (f"（含并列共{len(rows)}个）" if len(rows) > n else ""))
        display.show_table(rows, short, f"考核{name}_{assessment_label(period)}", key=f"xlsx-assess-{name}")

st.markdown(f"#### {unit_name}得分表")
st.caption("点击一行，查看该单位逐项得分和失分原因。“—”为无数据或未录入，按细则不计分。")
picked = st.dataframe(view.display_table(chosen, table), hide_index=True, on_select="rerun",
                      selection_mode="single-row", key="assess_table", column_config=view.column_config(chosen),
                      placeholder="—", height=view.table_height(len(table)))
rows = picked.selection.rows if picked else []
unit = table.iloc[rows[0]]["unit"] if rows else view.first_to_explain(table)
row = table.set_index("unit").loc[unit]
st.markdown(f"#### {display.plain(unit)}：{view.total_text(row)}")
st.caption(display.plain("；".join(filter(None, (view.change_sentence(row, previous_period(period)), row["note"])))))
display.show_table(view.unit_items(chosen, result.items, unit), view.ITEM_COLUMNS,
                   f"{unit}考核得分_{assessment_label(period)}", key="xlsx-assess-unit")

if chosen.units == "team":
    st.markdown("#### 派出单位")
    st.caption("派出单位得分为所派各工作队总分的平均分。")
    display.show_table(result.parents, view.parent_columns(),
                       f"派出单位考核_{assessment_label(period)}", key="xlsx-assess-parents")

left, right = st.columns(2)
with left:
    display.download_button("下载考核表（Excel）", lambda: (view.score_sheet(chosen, period, result), len(table)),
                            f"{chosen.title}考核表_{assessment_label(period)}.xlsx", spreadsheet.XLSX_MIME,
                            key="assess-sheet")
with right:
    display.download_button("下载手工评分表（Excel）", lambda: (assess.template_workbook(con, chosen, period), None),
                            f"{chosen.title}手工评分表_{assessment_label(period)}.xlsx", spreadsheet.XLSX_MIME,
                            key="assess-template", help="填好后在“数据”页上传，宣传报道、出勤等手工评分和民意测评票数即计入考核")
