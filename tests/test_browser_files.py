"""What a person takes away from the page in Chromium: the briefing and a case list downloaded, the
browser's print as A4, the whole-page PNG, and the first start building one demo for three browsers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser_runs import (ARTIFACTS, CHROMIUM, ENGLISH_TEXT, FLAGS, ROOT, english, page,  # noqa: F401  (fixtures)
                                  save_whole_page, server, settle, streamlit_server, wait_for_app)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make test installs it)")


def test_briefing_download_gives_the_word_document(server, page, tmp_path):
    """The 简报 page's Word button: the file is generated on the click (charts drawn by the
    server's Chromium) and reads back with the headline shown on the page and every chart."""
    from docx import Document

    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(f"{server}/briefing?source=信访")
    wait_for_app(page)
    page.wait_for_selector("text=一、基本情况", timeout=60_000)
    headline = page.get_by_text("共受理信访").first.inner_text().strip()
    assert "同比下降29.5%" in headline
    advice = page.locator("textarea").first  # 下步工作建议, edited before the download
    advice.fill("建议对河口镇开展专项督导。")
    page.locator("h1").first.click()  # the text area commits on leaving it
    page.wait_for_selector("text=已修改：下载的文档按修改后的建议生成。", timeout=30_000)  # the server has the text
    wait_for_app(page)
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
    wait_for_app(page)
    page.wait_for_selector("text=查看案件清单", timeout=60_000)
    page.locator("[data-testid='stSelectbox']").filter(has_text="查看案件清单").click()
    page.keyboard.type("河口镇")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=下载的 Excel 含全部", timeout=60_000)
    caption = page.get_by_text("下载的 Excel 含全部").first.inner_text()
    total = int(caption.split("下载的 Excel 含全部")[1].split("件")[0].replace(",", ""))
    assert total > 500
    wait_for_app(page)  # the rerun after the choice has settled
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


def test_print_gives_a4_pages_with_a_header(server, page):
    """The browser's print (Chromium, print media): A4, no sidebar or tool bars, a running header
    with the county, the period and 数据截至 on every page, page numbers."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{server}/")
    settle(page)
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
    settle(page)
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
    from minyi import snapshot_files

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
    assert len(list(snapshot_files.snapshot_dir(path).glob("*.duckdb"))) == 1  # a second build would have left a second
