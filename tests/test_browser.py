"""What a person sees: the real app in Debian's Chromium, served by `streamlit run` on 127.0.0.1."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser_runs import ARTIFACTS, CHROMIUM, FLAGS, streamlit_server

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make test installs it)")


@pytest.fixture(scope="module")
def server(demo_db):
    with streamlit_server(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield tab
        browser.close()


def _wait_for_app(tab) -> None:
    tab.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def test_a_shared_link_opened_first_reproduces_the_view(server, page):
    """The very first request after a server start is a deep link with filters: it must open
    the page inside the dashboard (menu, wide layout) with the filters of the link applied.
    Links carry the choices as shown, so a copied URL reads 期间=月, 月份=3月."""
    page.goto(f"{server}/timeliness?township=河口镇&period=月&month=3月")
    _wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    navigation = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "总览" in navigation and "data status" not in navigation  # not the file-name menu
    assert page.get_by_text("2012年3月 · 信访和投诉 · 河口镇").first.is_visible()
    assert page.locator("h1").first.inner_text().strip() == "办理时效"


def test_a_filter_click_goes_into_the_url(server, page):
    page.goto(server)
    _wait_for_app(page)
    page.wait_for_selector(".minyi-card", timeout=60_000)
    page.locator("[data-testid='stSidebar'] button", has_text="信访").first.click()
    page.wait_for_function("() => decodeURIComponent(location.search).includes('source=信访')", timeout=30_000)
    _wait_for_app(page)
    page.wait_for_function("() => !document.body.innerText.includes('投诉受理')", timeout=30_000)
    assert "信访受理" in page.locator("[data-testid='stMain']").inner_text()


@pytest.mark.parametrize("path, heading, charts", [
    ("", "总览", 1),
    ("trends", "信访投诉趋势", 4),  # the drill-down bars come with their toggle (test below)
    ("timeliness", "办理时效", 3),
    ("satisfaction", "满意度", 3),
    ("rankings", "排名", 1),
    ("briefing", "简报", 6),
    ("data_status", "数据", 0),
])
def test_pages_render_charts_chinese_and_the_demo_marker(server, page, path, heading, charts):
    page.set_viewport_size({"width": 1400, "height": 3200})
    page.goto(f"{server}/{path}")
    _wait_for_app(page)
    page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                           timeout=60_000)
    if not charts:
        page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stDataFrame']\").length >= 3",
                               timeout=60_000)
    _wait_for_app(page)
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
    _wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=60_000)
    _wait_for_app(page)
    assert page.locator(".js-plotly-plot").count() == 4
    page.get_by_text("显示各乡镇（街道）、各承办部门受理量条形图").click()
    # six charts drawn (each chart holds three .main-svg, so the four already there would count as six)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')]"
                           ".filter(chart => chart.querySelector('.main-svg')).length >= 6", timeout=60_000)
    _wait_for_app(page)
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert "各乡镇（街道）受理量" in titles and "各承办部门受理量" in titles
    bars = page.locator(".js-plotly-plot", has_text="各乡镇（街道）受理量").filter(has_not_text="月度")
    box = bars.locator(".point path").first.bounding_box()  # Plotly takes the click on its drag layer
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("text=案件库不含个人信息", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0


def test_briefing_download_gives_the_word_document(server, page, tmp_path):
    """The 简报 page's Word button: the file is generated on the click (charts drawn by the
    server's Chromium) and reads back with the headline shown on the page and every chart."""
    from docx import Document

    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(f"{server}/briefing?source=信访")
    _wait_for_app(page)
    page.wait_for_selector("text=一、基本情况", timeout=60_000)
    headline = page.get_by_text("共受理信访").first.inner_text().strip()
    assert "同比下降29.5%" in headline
    advice = page.locator("textarea").first  # 下步工作建议, edited before the download
    advice.fill("建议对河口镇开展专项督导。")
    page.locator("h1").first.click()  # the text area commits on leaving it
    page.wait_for_selector("text=已修改：下载的文档按修改后的建议生成。", timeout=30_000)  # the server has the text
    _wait_for_app(page)
    assert page.locator("textarea").count() == 1 and advice.input_value() == "建议对河口镇开展专项督导。"
    with page.expect_download(timeout=120_000) as download_info:
        page.get_by_role("button", name="下载 Word 文档").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx") and "简报" in download.suggested_filename
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    document = Document(str(saved))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert any(text.startswith(headline.removesuffix("。")) for text in texts)
    assert "建议对河口镇开展专项督导。" in texts, texts[-12:]
    assert len(document.inline_shapes) >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "briefing-download.png"), full_page=True)


def test_cjk_font_is_installed():
    """Without a CJK font Chinese renders as boxes; make test installs fonts-noto-cjk."""
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig missing"
    fonts = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK" in fonts or "Noto Serif CJK" in fonts


def test_a_case_list_downloads_every_case_not_the_first_500(server, page, tmp_path):
    """The drill-down shows 500 cases; its Excel button reads all of them when clicked, on
    Streamlit's own thread through a cursor of its own."""
    import openpyxl

    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(f"{server}/trends")
    _wait_for_app(page)
    page.wait_for_selector("text=查看案件清单", timeout=60_000)
    page.locator("[data-testid='stSelectbox']").filter(has_text="查看案件清单").click()
    page.keyboard.type("河口镇")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=下载的 Excel 含全部", timeout=60_000)
    caption = page.get_by_text("下载的 Excel 含全部").first.inner_text()
    total = int(caption.split("下载的 Excel 含全部")[1].split("件")[0].replace(",", ""))
    assert total > 500
    _wait_for_app(page)  # the rerun after the choice has settled
    # the button right under the case list (the page has a 下载 Excel under every table)
    button = page.locator("xpath=//*[contains(text(), '下载的 Excel 含全部')]/following::button[contains(., '下载 Excel')][1]")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as download_info:
        button.click()
    assert download_info.value.suggested_filename.startswith("河口镇")
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved, read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == total + 1  # every case and the header row


# ---- the screen: no English, 1366×768, print, whole-page image, first start (issue 11) ----

PAGES = {"overview": "", "trends": "trends", "timeliness": "timeliness", "satisfaction": "satisfaction",
         "rankings": "rankings", "briefing": "briefing", "data": "data_status"}
SIZES = ((1366, 768), (1600, 1000))
# Latin words a Chinese office reads as names: file formats, products, units.
ALLOWED = re.compile(r"Excel|Word|PowerPoint|PNG|PDF|ZIP|xlsx|xls|ods|csv|tsv|txt|parquet|toml|A4|dpi|ID|P90|"
                     r"\d+MB|Plotly\.js")
ENGLISH_TEXT = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!element || !/[A-Za-z]/.test(node.nodeValue)) continue;
    if (element.closest("script, style, [data-testid='stIconMaterial'], [data-testid='stExpanderIcon'], "
                        + "[data-testid='stAlertDynamicIcon'], [hidden]")) continue;  // icon ligatures draw glyphs
    const box = element.getBoundingClientRect(), style = getComputedStyle(element);
    if (!box.width || !box.height || box.right <= 0 || box.bottom <= 0 || box.left >= innerWidth) continue;
    if (style.visibility === "hidden" || style.opacity === "0" || !element.checkVisibility({opacityProperty: true})) continue;
    found.push(node.nodeValue.trim());
  }
  return found;
}"""


def _english(texts: list[str]) -> list[str]:
    return [text for text in texts if re.search(r"[A-Za-z]{2,}", ALLOWED.sub("", text))]


def _settle(tab) -> None:
    _wait_for_app(tab)
    tab.wait_for_timeout(700)  # a rerun that starts right after the first paint
    _wait_for_app(tab)


def _save_whole_page(tab, name: str) -> None:
    """The viewport as a reader sees it first, and the whole page (Streamlit scrolls its main
    area, not the document, so the window is made as tall as the page for the second)."""
    ARTIFACTS.mkdir(exist_ok=True)
    width, height = tab.viewport_size["width"], tab.viewport_size["height"]
    tab.screenshot(path=str(ARTIFACTS / f"page-{name}-{width}.png"))
    full = tab.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    tab.set_viewport_size({"width": width, "height": max(height, min(full, 12_000))})
    tab.wait_for_timeout(600)
    tab.screenshot(path=str(ARTIFACTS / f"page-{name}-{width}-full.png"))
    tab.set_viewport_size({"width": width, "height": height})


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_at_both_sizes_shows_no_english(server, page, name):
    """Every text a reader can see is Chinese, at 1366×768 and 1600×1000: Streamlit's own words
    (upload box, tool tips, running indicator) replaced, the chart tool bar's tips in Chinese.
    Screenshots of both sizes are kept in test-artifacts/."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{server}/{PAGES[name]}")
        _settle(page)
        page.wait_for_selector("[data-testid='stSidebarNav']", timeout=60_000)
        if name != "data":
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        assert _english(page.evaluate(ENGLISH_TEXT)) == [], f"{name} at {width}"
        titles = page.eval_on_selector_all(".modebar-btn", "buttons => buttons.map(b => b.dataset.title)")
        assert [title for title in titles if not re.search(r"[\u4e00-\u9fff]", title)] == []
        _save_whole_page(page, name)
    if name == "data":  # the upload box, and a choice list with nothing matching
        box = page.locator("[data-testid='stFileUploaderDropzone']").first.inner_text()
        assert "选择文件" in box and "单个文件不超过200MB" in box
        page.locator("[data-testid='stSelectbox']").first.click()
        page.keyboard.type("zzz")
        page.wait_for_selector("text=无匹配项", timeout=10_000)
        assert _english(page.evaluate(ENGLISH_TEXT)) == []
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
            assert _english(page.evaluate(ENGLISH_TEXT)) == []


def test_the_running_indicator_and_menu_speak_chinese(server, page):
    """While a page computes, the indicator's words are Chinese; there is no ⋮ menu."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{server}/trends")
    _settle(page)
    assert page.locator("[data-testid='stMainMenu']").count() == 0
    page.locator("[data-testid='stSidebar'] button", has_text="年").first.click()
    seen = []
    for _ in range(40):
        text = page.evaluate("() => (document.querySelector(\"[data-testid='stStatusWidget']\") || {}).innerText || ''")
        if text.strip():
            seen.append(text.strip())
        page.wait_for_timeout(100)
    assert _english(seen) == []


def test_1366_shows_a_chart_above_the_fold_and_whole_numbers(server, page):
    """At 1366×768 the overview's first chart starts above the fold; no KPI number is cut short
    (a card's number fits its box) on the overview or on 办理时效 (five cards in a row); every table
    shown fits its width (no sideways scrolling); no tick label stands on its end."""
    page.set_viewport_size({"width": 1366, "height": 768})
    for path in ("", "timeliness", "trends", "satisfaction", "rankings"):
        page.goto(f"{server}/{path}")
        _settle(page)
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
            _settle(page)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            assert page.evaluate(CHART_TEXT_PAST_EDGE) == [], (width, path)
            sideways = page.evaluate("() => { const main = document.querySelector(\"[data-testid='stMain']\");"
                                     " return main.scrollWidth > main.clientWidth + 1; }")
            assert sideways == scrolls, (width, path)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_print_gives_a4_pages_with_a_header(server, page):
    """The browser's print (Chromium, print media): A4, no sidebar or tool bars, a running header
    with the county, the period and 数据截至 on every page, page numbers."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{server}/")
    _settle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "print-overview.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 <= pages <= 6
    assert "(A4)" in info and re.search(r"Page size:\s+59\d\.\d+ x 841\.\d+", info)  # portrait
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    first = text.split("\f")[0]
    assert "青岚县（虚构演示县）" in first and "2012年1-9月" in first and "数据截至2012年9月30日" in first
    assert re.search(r"第\s*1\s*页", first)
    assert all("数据截至2012年9月30日" in sheet for sheet in text.split("\f")[:pages])
    assert "统计期间" not in text.split("\f")[0].split("总览")[0]  # the sidebar is not printed
    assert "整页图片" not in text and "下载 Excel" not in text


def _near(pixel: tuple, colour: str, tolerance: int = 14) -> bool:
    target = tuple(int(colour[index:index + 2], 16) for index in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, target))


def test_whole_page_png_button_saves_the_main_area(server, page, tmp_path):
    """The sidebar's 整页图片 button: one PNG of the whole main area (taller than the window) at
    pixel ratio 2, drawn in the browser by our picture.js with nothing fetched, named after the
    page and its period, and holding what the page shows: the title's ink where the title is, the
    charts' 信访 navy and 投诉 orange."""
    from PIL import Image

    from minyi import charts

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{server}/")
    _settle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="整页图片（PNG）").click()
    download = download_info.value
    assert download.suggested_filename.startswith("总览_2012年1-9月") and download.suggested_filename.endswith(".png")
    assert not [url for url in fetched if not url.startswith(("data:", "blob:"))]  # drawn from the page alone
    saved = tmp_path / "page.png"
    download.save_as(saved)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(saved, ARTIFACTS / "whole-page-overview.png")
    width, height, title = page.evaluate("""() => {
      const main = document.querySelector("[data-testid='stMainBlockContainer']");
      const words = document.createRange();
      words.selectNodeContents(main.querySelector("h1"));
      const box = main.getBoundingClientRect(), heading = words.getBoundingClientRect();  // the title's text
      return [main.clientWidth, main.scrollHeight,
              [heading.left - box.left, heading.top - box.top, heading.right - box.left, heading.bottom - box.top]];
    }""")
    picture = Image.open(saved).convert("RGB")
    assert picture.size == (2 * width, 2 * height) and picture.height > 2 * 768  # pixel ratio 2, the whole page
    heading = picture.crop(tuple(round(2 * edge) for edge in title)).convert("L")
    ink = sum(count for count, value in heading.getcolors(heading.width * heading.height) if value < 100)
    assert ink > 0.1 * heading.width * heading.height  # 总览 in black where the page has it, not a blank box
    colours = picture.getcolors(picture.width * picture.height)
    navy = sum(count for count, pixel in colours if _near(pixel, charts.SOURCE_COLORS["信访"]))
    orange = sum(count for count, pixel in colours if _near(pixel, charts.SOURCE_COLORS["投诉"]))
    assert navy > 10_000 and orange > 1_000, (navy, orange)  # the charts' bars and lines, in their colours
    white = sum(count for count, pixel in colours if pixel == (255, 255, 255))
    pixels = picture.width * picture.height
    assert white < 0.95 * pixels  # not near-blank
    ratios = page.evaluate("() => [[1066, 5000], [1066, 20000], [20000, 20000]].map(([w, h]) => window.minyiPicture.fittingRatio(w, h, 2))")
    assert ratios == [2, 16384 / 20000, 16384 / 20000]  # a page taller than 8192 px: a lower ratio, never a blank canvas


def test_three_browsers_at_first_start_build_one_demo(page, tmp_path):
    """Three browsers open the fresh dashboard at once: the Chinese menu from the first paint,
    a progress bar while the demo builds, one build (one published snapshot), and all three
    see the numbers."""
    from minyi import db

    path = tmp_path / "fresh" / "minyi.duckdb"
    with streamlit_server(path) as url:
        contexts = [page.context.browser.new_context(viewport={"width": 1366, "height": 768}) for _ in range(3)]
        tabs = [context.new_page() for context in contexts]
        for tab in tabs:
            tab.goto(url, wait_until="commit")
        menus, progress = set(), False
        while not all(tab.locator(".minyi-card").count() for tab in tabs):
            for tab in tabs:
                menus.add(tab.evaluate("() => (document.querySelector(\"[data-testid='stSidebarNav']\") || {}).innerText || ''"))
                progress = progress or tab.get_by_text("正在生成演示数据").count() > 0
            tabs[0].wait_for_timeout(200)
            assert not any(tab.locator("[data-testid='stException']").count() for tab in tabs)
        assert all("总览" in tab.locator("[data-testid='stSidebarNav']").inner_text() for tab in tabs)
        for context in contexts:
            context.close()
    assert progress
    assert all("总览" in menu and "data status" not in menu for menu in menus if menu), menus
    assert len(list(db.snapshot_dir(path).glob("*.duckdb"))) == 1  # a second build would have left a second
