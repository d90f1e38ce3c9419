"""Minyi (民意看板) entry point: page setup, sign-in, navigation (the pages the account may open),
the first-start demo and the demo marker, nothing else. The Chinese menu is sent before anything
slow (even the imports of the analysis modules), so that it, not pages/'s file names, is what the
first paint shows."""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent

st.set_page_config(page_title="民意看板", page_icon=str(HERE / "minyi" / "static" / "icon.png"), layout="wide")
from minyi.security import signin  # light: the sign-in page must not wait for the analysis modules

signed_in = signin.account()  # with sign-in on, the sign-in page until the session holds an account
st.set_option("client.showSidebarNavigation", True)  # off in config.toml: no file-name menu before this run
analysis = [
    st.Page(HERE / "pages" / "overview.py", title="总览", icon=":material/dashboard:", default=True),
    st.Page(HERE / "pages" / "trends.py", title="信访投诉趋势", icon=":material/trending_up:"),
    st.Page(HERE / "pages" / "timeliness.py", title="办理时效", icon=":material/timer:"),
    st.Page(HERE / "pages" / "satisfaction.py", title="满意度", icon=":material/sentiment_satisfied:"),
    st.Page(HERE / "pages" / "rankings.py", title="排名", icon=":material/leaderboard:"),
    st.Page(HERE / "pages" / "grid.py", title="网格", icon=":material/grid_view:"),
    st.Page(HERE / "pages" / "service.py", title="便民服务", icon=":material/support_agent:"),
    *([st.Page(HERE / "pages" / "assessment.py", title="考核", icon=":material/military_tech:")]
      if signed_in.scope_kind == "county" else []),  # every unit's scores: the county's 考核办 and leaders
    st.Page(HERE / "pages" / "briefing.py", title="简报", icon=":material/description:"),
]
data = st.Page(HERE / "pages" / "data_status.py", title="数据", icon=":material/database:",
               default=not signed_in.sees_cases)
navigation = st.navigation([*(analysis if signed_in.sees_cases else []),
                            *([data] if signed_in.analyst or signed_in.admin else [])])

from minyi import app_state, display  # after the menu: these imports take seconds on a cold start

app_state.entry_point_ran()
display.page_chrome()
app_state.ready()  # on first start the demo is built here, under a progress bar
facts = app_state.dataset_facts()
st.sidebar.caption(f"数据：{facts.get('county', '本县')}" + ("（演示）" if facts.get("dataset_kind") == "demo" else ""))
signin.sign_out_button(signed_in)
display.page_tools()
navigation.run()
