"""How the pages show things, checked without a browser: case lists' closure column, the print
header's CSS string, the first-start build under its lock."""

from __future__ import annotations

import pandas as pd

from minyi import display


def test_a_case_list_reads_未办结_for_an_open_case_and_dash_where_closure_is_unknown():
    cases = pd.DataFrame({
        "case_id": ["A", "B", "C"],
        "closed_at": [pd.Timestamp("2012-03-20 14:05"), None, None],
        "closure_known": [True, True, False],
    })
    shown = display.with_closure_text(cases)
    assert list(shown["closed_at"]) == ["2012-03-20 14:05", "未办结", "—"]
    assert cases["closed_at"].iloc[1] is None or pd.isna(cases["closed_at"].iloc[1])  # the download keeps times


def test_a_case_list_without_the_closure_flag_reads_open_cases_as_未办结():
    overdue = pd.DataFrame({"case_id": ["X"], "closed_at": [None]})
    assert list(display.with_closure_text(overdue)["closed_at"]) == ["未办结"]


def test_the_print_header_is_a_safe_css_string():
    assert display.css_string("青岚县　2012年1-9月") == '"青岚县　2012年1-9月"'
    assert display.css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c /style\\3e "'


def test_the_chart_tool_bar_speaks_chinese():
    words = display.PLOTLY_CHINESE["locales"]["zh-CN"]["dictionary"]
    assert display.PLOTLY_CHINESE["locale"] == "zh-CN"
    assert words["Download plot as a PNG"] == "下载图片（PNG）" and words["Reset axes"] == "还原坐标轴"


def test_the_page_script_is_our_own_picture_renderer_and_display_code():
    """The whole-page PNG is drawn by our picture.js (no vendored library): the inline script
    carries it and display.js, and the static folder holds nothing else of code."""
    import base64
    import re

    packed = re.search(r'atob\("([A-Za-z0-9+/=]+)"\)', display._script()).group(1)
    code = base64.b64decode(packed).decode("utf-8")
    assert "window.minyiPicture = { toPng" in code and "<foreignObject" in code and "window.minyiDisplay" in code
    assert "htmlToImage" not in code
    assert sorted(path.name for path in display.STATIC.iterdir()) == ["display.js", "icon.png", "picture.js", "screen.css"]
