"""The honest baseline of the browser and session benches: a bare Streamlit page with a title, one
metric and one Plotly chart (or as many as `?charts=` asks). Whatever Streamlit and Plotly cost on their own, this page pays too;
the benches print Minyi's pages as a ratio to it, measured in the same run. `?filters=1` adds the
seven sidebar widgets every analysis page has (minyi.filters.sidebar_view: two segmented controls,
five selectboxes), to tell what the filters alone cost any Streamlit page."""

from __future__ import annotations

from pathlib import Path

SOURCE = '''import plotly.graph_objects as go
import streamlit as st

if st.query_params.get("filters") == "1":  # the shapes of minyi.filters.sidebar_view's widgets
    st.sidebar.segmented_control("period", ["1-N", "month", "quarter", "year", "custom"], default="1-N")
    st.sidebar.selectbox("year", [2010, 2011, 2012], index=2)
    st.sidebar.selectbox("month", range(1, 13), index=8)
    st.sidebar.segmented_control("source", ["all", "petitions", "complaints"], default="all")
    for name in ("township", "department", "category"):
        st.sidebar.selectbox(name, ["all", "a", "b", "c"])
st.title("Bare page")
st.metric("cases", "1,234")
for chart in range(int(st.query_params.get("charts", 1))):  # ?charts=6: as many charts as a busy page
    st.plotly_chart(go.Figure(go.Scatter(x=list(range(1, 13)), y=[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, chart])),
                    key=f"chart-{chart}")
'''


def write(folder: Path) -> Path:
    """The bare app as `folder/bare_app.py`, to be served with `streamlit run`."""
    path = folder / "bare_app.py"
    path.write_text(SOURCE, encoding="utf-8")
    return path
