"""What a person sees: the real app in Debian's Chromium, served by `streamlit run` on 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser_runs import (ARTIFACTS, CHROMIUM, ENGLISH_TEXT, FLAGS, ROOT, english, page,  # noqa: F401  (fixtures)
                                  save_whole_page, server, settle, streamlit_server, wait_for_app)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make test installs it)")


def test_a_shared_link_opened_first_reproduces_the_view(server, page):
    """The very first request after a server start is a deep link with filters: it must open
    the page inside the dashboard (menu, wide layout) with the filters of the link applied.
    Links carry the choices as shown, so a copied URL reads 期间=月, 月份=3月."""
    page.goto(f"{server}/timeliness?township=河口镇&period=月&month=3月")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    navigation = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "总览" in navigation and "data status" not in navigation  # not the file-name menu
    assert page.get_by_text("2012年3月 · 信访和投诉 · 河口镇").first.is_visible()
    assert page.locator("h1").first.inner_text().strip() == "办理时效"


def test_a_filter_click_goes_into_the_url(server, page):
    page.goto(server)
    wait_for_app(page)
    page.wait_for_selector(".minyi-card", timeout=60_000)
    page.locator("[data-testid='stSidebar'] button", has_text="信访").first.click()
    page.wait_for_function("() => decodeURIComponent(location.search).includes('source=信访')", timeout=30_000)
    wait_for_app(page)
    page.wait_for_function("() => !document.body.innerText.includes('投诉受理')", timeout=30_000)
    assert "信访受理" in page.locator("[data-testid='stMain']").inner_text()


def test_the_address_bar_states_every_choice_on_every_page(server, page):
    """What a user copies from the address bar names the period and every filter, defaults too,
    and keeps naming them after a click in the menu (minyi.filter_links)."""
    every_choice = "period=季度&year=2012年&quarter=第3季度&source=全部&township=全部&department=全部&category=全部"
    page.goto(f"{server}/?period=季度")
    wait_for_app(page)
    page.wait_for_function(f"() => decodeURIComponent(location.search) === '?{every_choice}'", timeout=30_000)
    page.locator("[data-testid='stSidebarNav'] a", has_text="排名").click()
    page.wait_for_function("() => location.pathname.endsWith('/rankings')", timeout=30_000)
    wait_for_app(page)
    page.wait_for_function(f"() => decodeURIComponent(location.search).startsWith('?{every_choice}')",
                           timeout=30_000)
    # waits for the period to be drawn (is_visible would not wait: a loaded machine fails it)
    page.get_by_text("2012年7-9月", exact=False).first.wait_for(state="visible", timeout=30_000)


@pytest.mark.parametrize("path, heading, charts", [
    ("", "总览", 1),
    ("trends", "信访投诉趋势", 4),  # the drill-down bars come with their toggle (test below)
    ("timeliness", "办理时效", 3),
    ("satisfaction", "满意度", 3),
    ("rankings", "排名", 1),
    ("grid", "网格", 2),
    ("service", "便民服务", 4),
    ("assessment", "考核", 1),
    ("briefing", "简报", 6),
    ("data_status", "数据", 0),
])
def test_pages_render_charts_chinese_and_the_demo_marker(server, page, path, heading, charts):
    page.set_viewport_size({"width": 1400, "height": 3200})
    page.goto(f"{server}/{path}")
    wait_for_app(page)
    page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                           timeout=60_000)
    if not charts:
        page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stDataFrame']\").length >= 3",
                               timeout=60_000)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == heading
    assert page.get_by_text("演示数据").first.is_visible()
    if charts:  # chart titles are drawn as SVG text, in Chinese
        titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
        assert titles and all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in titles)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"page-{path or 'overview'}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_trend_page_draws_its_drill_down_bars_when_asked(server, page):
    """The trend page opens with four charts; its toggle adds the two drill-down bar charts, and a
    click on a bar opens that unit's cases (issue 11, speed as felt: nothing is dropped)."""
    page.set_viewport_size({"width": 1400, "height": 3200})
    page.goto(f"{server}/trends")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=60_000)
    wait_for_app(page)
    assert page.locator(".js-plotly-plot").count() == 4
    page.get_by_text("显示各乡镇（街道）、各承办部门受理量条形图").click()
    # six charts drawn (each chart holds three .main-svg, so the four already there would count as six)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')]"
                           ".filter(chart => chart.querySelector('.main-svg')).length >= 6", timeout=60_000)
    wait_for_app(page)
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert "各乡镇（街道）受理量" in titles and "各承办部门受理量" in titles
    bars = page.locator(".js-plotly-plot", has_text="各乡镇（街道）受理量").filter(has_not_text="月度")
    box = bars.locator(".point path").first.bounding_box()  # Plotly takes the click on its drag layer
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("text=案件库不含个人信息", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_click_on_a_grid_bar_drills_down_to_that_township(server, page):
    """On the 网格 page a click on a township's bar chooses it, as the sidebar filter would (the
    link says township=…), and the chart becomes its villages'."""
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{server}/grid")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .point path", timeout=60_000)
    wait_for_app(page)
    bars = page.locator(".js-plotly-plot", has_text="各乡镇（街道）按期结案率")
    # the lowest bar (Plotly draws the bottom row first), clicked near its end: on a rate axis
    # starting at 75% the bar begins far left of the plot, where a click at its middle would miss
    box = bars.locator(".point path").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] - 12, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] - 12, box["y"] + box["height"] / 2)
    page.wait_for_function("() => decodeURIComponent(location.search).includes('township=柳溪乡')", timeout=60_000)
    page.wait_for_selector("text=各村（社区）按期结案率", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_click_on_a_team_explains_its_points(server, page):
    """On the 考核 page the lowest team is explained first; a click on the first row of the score
    table explains the best one instead, item by item."""
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{server}/assessment")
    wait_for_app(page)
    page.wait_for_selector("text=河口镇光明村工作队：总分", timeout=60_000)
    grid = page.locator("[data-testid='stDataFrame']").nth(2)  # after the 红榜 and the 黑榜: the score table
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 38 + 17)  # the first row's selection box, under the header
    page.wait_for_selector("text=第1名", timeout=60_000)
    assert "先进" in page.locator("h4", has_text="第1名").inner_text()
    assert page.locator("[data-testid='stException']").count() == 0


PAGES = {"overview": "", "trends": "trends", "timeliness": "timeliness", "satisfaction": "satisfaction",
         "rankings": "rankings", "assessment": "assessment", "briefing": "briefing", "data": "data_status"}
SIZES = ((1366, 768), (1600, 1000))
# Latin words a Chinese office reads as names: file formats, products, units.
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_at_both_sizes_shows_no_english(server, page, name):
    """Every text a reader can see is Chinese, at 1366×768 and 1600×1000: Streamlit's own words
    (upload box, tool tips, running indicator) replaced, the chart tool bar's tips in Chinese.
    Screenshots of both sizes are kept in test-artifacts/."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{server}/{PAGES[name]}")
        settle(page)
        page.wait_for_selector("[data-testid='stSidebarNav']", timeout=60_000)
        if name != "data":
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        else:  # the upload box is drawn, then put into Chinese on the next frame: on a loaded machine, later
            page.wait_for_function("() => [...document.querySelectorAll(\"[data-testid='stFileUploaderDropzone']\")]"
                                   ".every(box => box.innerText.includes('选择文件'))", timeout=30_000)
        assert english(page.evaluate(ENGLISH_TEXT)) == [], f"{name} at {width}"
        titles = page.eval_on_selector_all(".modebar-btn", "buttons => buttons.map(b => b.dataset.title)")
        assert [title for title in titles if not re.search(r"[\u4e00-\u9fff]", title)] == []
        save_whole_page(page, name)
    if name == "data":  # the upload box, and a choice list with nothing matching
        box = page.locator("[data-testid='stFileUploaderDropzone']").first.inner_text()
        assert "选择文件" in box and "单个文件不超过200MB" in box
        page.locator("[data-testid='stSelectbox']").first.click()
        page.keyboard.type("zzz")
        page.wait_for_selector("text=无匹配项", timeout=10_000)
        assert english(page.evaluate(ENGLISH_TEXT)) == []
        page.keyboard.press("Escape")
    table = page.locator("[data-testid='stDataFrame']:visible").first
    if table.count():  # the table's tool bar: its tips too
        table.scroll_into_view_if_needed()
        buttons = table.locator("xpath=ancestor::*[@data-testid='stElementContainer'][1]").locator(
            "[data-testid='stElementToolbarButton'] button")
        assert buttons.count() >= 2
        for index in range(buttons.count()):
            table.hover()
            buttons.nth(index).hover(force=True)  # a busy machine may still be laying the grid out over it
            page.wait_for_timeout(500)
            assert english(page.evaluate(ENGLISH_TEXT)) == []


def test_the_running_indicator_and_menu_speak_chinese(server, page):
    """While a page computes, the indicator's words are Chinese; there is no ⋮ menu."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{server}/trends")
    settle(page)
    assert page.locator("[data-testid='stMainMenu']").count() == 0
    page.locator("[data-testid='stSidebar'] button", has_text="年").first.click()
    seen = []
    for _ in range(40):
        text = page.evaluate("() => (document.querySelector(\"[data-testid='stStatusWidget']\") || {}).innerText || ''")
        if text.strip():
            seen.append(text.strip())
        page.wait_for_timeout(100)
    assert english(seen) == []


def test_1366_shows_a_chart_above_the_fold_and_whole_numbers(server, page):
    """At 1366×768 the overview's first chart starts above the fold; no KPI number is cut short
    (a card's number fits its box) on the overview or on 办理时效 (five cards in a row); every table
    shown fits its width (no sideways scrolling); no tick label stands on its end."""
    page.set_viewport_size({"width": 1366, "height": 768})
    for path in ("", "timeliness", "trends", "satisfaction", "rankings"):
        page.goto(f"{server}/{path}")
        settle(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_timeout(1000)  # the tables' grids are drawn after the charts
        too_wide = page.eval_on_selector_all("[data-testid='stDataFrame'] .dvn-scroller",
                                             "grids => grids.filter(g => g.offsetParent && g.scrollWidth > g.clientWidth + 1)"
                                             ".map(g => [g.scrollWidth, g.clientWidth])")
        assert too_wide == [], path  # every table shown fits its width
        clipped = page.eval_on_selector_all(".minyi-card-value",
                                            "values => values.filter(v => v.scrollWidth > v.clientWidth)"
                                            ".map(v => v.innerText)")
        assert clipped == [], path
        assert page.locator(".minyi-card-value").count() >= (5 if path == "timeliness" else 0)
        rotated = page.eval_on_selector_all(".xtick text, .ytick text",
                                            "ticks => ticks.map(t => t.getAttribute('transform') || '')"
                                            ".filter(t => /rotate\\(-?90/.test(t))")
        assert rotated == [], path
        if not path:
            top = page.eval_on_selector(".js-plotly-plot", "chart => chart.getBoundingClientRect().top")
            assert top < 768 - 150, f"the first chart starts at {top}px"


CHART_TEXT_PAST_EDGE = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(chart => {
    const edge = chart.querySelector('.main-svg').getBoundingClientRect();
    return [...chart.querySelectorAll('.annotation-text, .gtitle, .ytick text, .bartext')]
        .filter(text => { const box = text.getBoundingClientRect(); return box.right > edge.right + 1 || box.left < edge.left - 1; })
        .map(text => text.textContent.slice(0, 30)); })"""


def test_narrower_windows_never_cut_chart_text(server, page):
    """Chart text is wrapped for a chart's width at 1366×768: at 1280×720 the page still holds it
    (less side padding, no sideways scrolling), and at 900×800 the page keeps that width and scrolls
    sideways; in neither is a footnote, title or bar label cut at a chart's edge."""
    for width, height, scrolls in ((1366, 768, False), (1280, 720, False), (900, 800, True)):
        page.set_viewport_size({"width": width, "height": height})
        for path in ("", "timeliness", "trends"):
            page.goto(f"{server}/{path}")
            settle(page)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            assert page.evaluate(CHART_TEXT_PAST_EDGE) == [], (width, path)
            sideways = page.evaluate("() => { const main = document.querySelector(\"[data-testid='stMain']\");"
                                     " return main.scrollWidth > main.clientWidth + 1; }")
            assert sideways == scrolls, (width, path)
    page.set_viewport_size({"width": 1366, "height": 768})
