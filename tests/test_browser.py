"""What a person sees: the real app in Debian's Chromium, served by `streamlit run` on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make test installs it)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_db):
    port = _free_port()
    env = {**os.environ, "MINYI_DB": str(demo_db)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("streamlit did not start: " + process.stdout.read().decode(errors="replace"))
    yield url
    process.terminate()
    process.wait(timeout=20)


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
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    page.locator("[data-testid='stSidebar'] button", has_text="信访").first.click()
    page.wait_for_function("() => decodeURIComponent(location.search).includes('source=信访')", timeout=30_000)
    _wait_for_app(page)
    page.wait_for_function("() => !document.body.innerText.includes('投诉受理')", timeout=30_000)
    assert "信访受理" in page.locator("[data-testid='stMain']").inner_text()


@pytest.mark.parametrize("path, heading, charts", [
    ("", "总览", 1),
    ("trends", "信访投诉趋势", 5),
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
