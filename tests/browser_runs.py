"""The real app served by `streamlit run` on 127.0.0.1, and Debian's Chromium driving it: the fixtures
(`server` on the demo county, one `page`) and checks (a settled page, English left on screen) that
the browser tests share."""

from __future__ import annotations

import contextlib
import os
import re
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db_path: Path, script: Path = ROOT / "dashboard.py", settings: dict[str, str] | None = None):
    """`streamlit run script` on a free port of 127.0.0.1, on the database at `db_path`, with the
    project's .streamlit settings as a county runs them, and `settings` (MINYI_*) added."""
    port = _free_port()
    env = {**os.environ, "MINYI_DB": str(db_path), **(settings or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
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
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


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


def wait_for_app(tab) -> None:
    tab.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


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


def english(texts: list[str]) -> list[str]:
    return [text for text in texts if re.search(r"[A-Za-z]{2,}", ALLOWED.sub("", text))]


def settle(tab) -> None:
    wait_for_app(tab)
    tab.wait_for_timeout(700)  # a rerun that starts right after the first paint
    wait_for_app(tab)


def save_whole_page(tab, name: str) -> None:
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
