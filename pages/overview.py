"""总览: the headline numbers of the year to date, with 同比 against the same months last year."""

import streamlit as st

from minyi import app_state, overview

con = app_state.page_start("总览")
period = overview.latest_year_to_date(con)
if period is None:
    st.info("数据库中还没有案件。请在“数据”页查看导入情况，或运行 `python -m minyi import 文件`。")
    st.stop()
st.caption(f"统计期间：{period.label()}（与上年同期比较）　口径：{overview.policy().describe()}")
for source, label in overview.SOURCE_LABELS.items():
    st.subheader(label)
    cards = overview.headline_cards(con, period, source)
    for column, card in zip(st.columns(3) * 2, cards):
        column.metric(card.label, card.value, card.delta, border=True, delta_description="同比" if card.delta else None,
                      delta_color="off" if card.is_flat else card.delta_color,
                      delta_arrow="off" if card.is_flat else "auto")
