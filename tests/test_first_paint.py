"""What a page sends on its first paint (issue 11, "Speed as felt"): the trend page's drill-down
bars and the folded full lists are built only when a reader asks for them, so Chromium draws no
chart or grid nobody looks at; asked for, they appear with the same content as before."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.dashboard_runs import open_dashboard

YEAR_TO_SEPTEMBER = {"period": "1–N月", "month": "9月"}  # as in test_app: 2012年1-9月


@pytest.fixture
def trends(hand_db, monkeypatch):
    yield open_dashboard(hand_db, monkeypatch, "pages/trends.py", **YEAR_TO_SEPTEMBER)
    st.cache_data.clear()
    st.cache_resource.clear()


def _titles(app: AppTest) -> list[str]:
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")]


DRILL_BARS = ["<b>各乡镇（街道）受理量</b>", "<b>各承办部门受理量</b>"]


def test_trend_page_opens_without_the_drill_down_bars_or_a_grid(trends):
    # the hand county has no 渠道 or 类别 column: the trend and the heat map are its charts
    assert _titles(trends) == ["<b>受理量走势（按月）</b>", "<b>各乡镇（街道）月度受理量</b>"]
    assert not trends.dataframe  # the heat map's full list is folded: nothing built for it
    assert [e.label for e in trends.get("expander")] == ["完整名单（共2个）"]  # the hand county's two townships


def test_the_drill_down_bars_appear_when_asked_for_and_still_drill(trends):
    trends.toggle(key="drill-bars").set_value(True).run()
    assert not trends.exception, trends.exception
    assert _titles(trends) == ["<b>受理量走势（按月）</b>", "<b>各乡镇（街道）月度受理量</b>", *DRILL_BARS]
    trends.selectbox(key="drill").set_value(("township", "回隆乡")).run()
    assert len(trends.dataframe[-1].value) == 21  # the 21 cases of 回隆乡, as before


def test_a_folded_full_list_is_built_when_opened(trends):
    trends.session_state["xlsx-heatmap-open"] = True
    trends.run()
    assert not trends.exception, trends.exception
    townships = [frame.value for frame in trends.dataframe if "township" in frame.value]
    assert len(townships) == 1 and sorted(townships[0]["township"]) == ["回隆乡", "新棉镇"]
