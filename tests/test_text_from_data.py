"""Text from data is shown as written, everywhere: markdown, links, images, LaTeX and colour
directives in a township's name, a department, a category or a summary must not render on any
page (a viewer's browser fetching an outside image), nor become a link inside a Plotly chart."""

from __future__ import annotations

import json
import re

import pytest

from minyi import chart_text, charts
from minyi.display import plain
from tests.dashboard_runs import open_dashboard
from tests.export_files import COMPLAINT_HEADER, imported_database

TOWNSHIP = "河口镇[链接](http://x.invalid/t)"
DEPARTMENT = "**县住建局**"
CATEGORY = ":red[噪声]$x^2$<a href='http://x.invalid/c'>点我</a>"
SUMMARY = "![](http://x.invalid/a.png) 路灯 www.x.invalid"

# What would render if a text were not escaped (each payload's markup, not preceded by a backslash).
RENDERED = [re.compile(pattern) for pattern in (
    r"(?<!\\)\]\(http", r"(?<!\\)\*\*县住建局", r"(?<!\\):red\[噪声", r"(?<!\\)\$x", r"(?<!\\)<a href",
    r"(?<!\\)!\[", r"www\.x")]
PAGES = ["pages/overview.py", "pages/trends.py", "pages/timeliness.py", "pages/satisfaction.py",
         "pages/rankings.py", "pages/briefing.py", "pages/data_status.py"]


@pytest.fixture(scope="module")
def payload_db(tmp_path_factory):
    rows = []
    for year in (2023, 2024):
        for number in range(30):
            township = TOWNSHIP if number % 2 else "城关街道"
            rows.append([f"G{year}{number:03d}", f"{year}-0{1 + number % 6}-10 09:00", township, DEPARTMENT, CATEGORY,
                         SUMMARY, None, None, None, f"{year}-0{1 + number % 6}-12 09:00", "满意", "否"])
    return imported_database(tmp_path_factory.mktemp("payload"), "工单.csv", COMPLAINT_HEADER, rows)


def _texts(app) -> list[str]:
    """Every text the page hands Streamlit's markdown: markdown, captions, alerts, titles, expander labels."""
    texts = [element.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "title",
                                        "subheader", "header") for element in getattr(app, kind)]
    return texts + [expander.label for expander in app.expander]


def _chart_strings(app) -> list[str]:
    strings = []

    def walk(value):
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for chart in app.get("plotly_chart"):
        walk(json.loads(chart.proto.spec))
    return strings


@pytest.mark.parametrize("page", PAGES)
def test_no_page_renders_markup_from_data(payload_db, monkeypatch, page):
    app = open_dashboard(payload_db, monkeypatch, page, township=TOWNSHIP, category=CATEGORY)
    texts = _texts(app)
    if page != "pages/data_status.py":  # the data page names files, not townships
        assert any("河口镇" in text for text in texts), "the payload township should be named on the page"
    for text in texts:
        for rendered in RENDERED:
            assert not rendered.search(text), (page, text)
    for text in _chart_strings(app):
        assert "<a " not in text.lower() and "<span" not in text.lower(), (page, text)


def test_the_escapes_show_the_text_as_written():
    assert plain("99.1%（1,020件，1-9月）") == "99.1%（1,020件，1-9月）"  # our own prose reads unchanged
    assert plain("# 标题\n1. 一\n- 二") == "\\# 标题\n1\\. 一\n\\- 二"  # no heading or list from data
    assert chart_text.plain_markup("<b>标题</b><br>第二行") == "<b>标题</b><br>第二行"  # the charts' own tags
    assert chart_text.plain_markup(CATEGORY).count("&lt;") == 2
    assert chart_text.from_markup(chart_text.plain_markup(CATEGORY)) == CATEGORY


def test_a_chart_shows_a_link_from_data_as_text():
    import pandas as pd

    spec = charts.ChartSpec("问题类别", "2024年", "测试", "按类别统计")
    table = pd.DataFrame({"label": [CATEGORY, "其他"], "value": [3, 1]})
    figure = charts.ranked_bars(table, spec)
    shown = json.dumps(figure.to_plotly_json(), default=str, ensure_ascii=False)
    assert "<a href" not in shown and "&lt;a href" in shown
