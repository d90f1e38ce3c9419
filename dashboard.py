"""Minyi (民意看板) entry point: page setup, navigation, the first-start demo and the demo marker,
nothing else. The Chinese menu is sent before anything slow (even the imports of the analysis
modules), so that it, not pages/'s file names, is what the first paint shows."""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent

st.set_page_config(page_title="民意看板", page_icon=str(HERE / "minyi" / "static" / "icon.png"), layout="wide")
st.set_option("client.showSidebarNavigation", True)  # off in config.toml: no file-name menu before this run
navigation = st.navigation([
    st.Page(HERE / "pages" / "overview.py", title="总览", icon=":material/dashboard:", default=True),
    st.Page(HERE / "pages" / "trends.py", title="信访投诉趋势", icon=":material/trending_up:"),
    st.Page(HERE / "pages" / "timeliness.py", title="办理时效", icon=":material/timer:"),
    st.Page(HERE / "pages" / "satisfaction.py", title="满意度", icon=":material/sentiment_satisfied:"),
    st.Page(HERE / "pages" / "rankings.py", title="排名", icon=":material/leaderboard:"),
    st.Page(HERE / "pages" / "briefing.py", title="简报", icon=":material/description:"),
    st.Page(HERE / "pages" / "data_status.py", title="数据", icon=":material/database:"),
])

from minyi import app_state, display  # after the menu: these imports take seconds on a cold start

app_state.entry_point_ran()
display.page_chrome()
app_state.ready()  # on first start the demo is built here, under a progress bar
facts = app_state.dataset_facts()
st.sidebar.caption(f"数据：{facts.get('county', '本县')}" + ("（演示）" if facts.get("dataset_kind") == "demo" else ""))
display.page_tools()
navigation.run()
