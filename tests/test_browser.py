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


@pytest.mark.parametrize("path, selector, count", [
    ("", "[data-testid='stMetric']", 12),
    ("data_status", "[data-testid='stDataFrame']", 3),
])
def test_pages_render_chinese_and_the_demo_marker(server, page, path, selector, count):
    page.goto(f"{server}/{path}")
    _wait_for_app(page)
    page.wait_for_function(f"() => document.querySelectorAll(\"{selector}\").length >= {count}", timeout=60_000)
    _wait_for_app(page)
    assert page.get_by_text("演示数据").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"page-{path or 'overview'}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0


def test_cjk_font_is_installed():
    """Without a CJK font Chinese renders as boxes; make test installs fonts-noto-cjk."""
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig missing"
    fonts = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK" in fonts or "Noto Serif CJK" in fonts
