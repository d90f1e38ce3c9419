"""An error on a page, as a viewer sees it in Chromium: a Chinese notice, with no message, server
path or traceback, and none of Streamlit's links off the intranet ("Ask Google")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_runs import CHROMIUM, FLAGS, ROOT, streamlit_server

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make test installs it)")

FAILING_PAGE = f'''import sys
sys.path.insert(0, {str(ROOT)!r})
from minyi import display
display.page_chrome()
raise RuntimeError("/srv/minyi/secret.duckdb: 河口镇 张三 13912345678")
'''


def test_an_error_shows_a_chinese_notice_and_nothing_of_the_server(tmp_path):
    from playwright.sync_api import sync_playwright

    script = ROOT / f".failing-page-{tmp_path.name}.py"  # in the project folder: its .streamlit settings apply
    script.write_text(FAILING_PAGE, encoding="utf-8")
    try:
        with streamlit_server(tmp_path / "none.duckdb", script) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            tab = browser.new_page(viewport={"width": 1366, "height": 768})
            tab.goto(url)
            notice = tab.wait_for_selector("[data-testid='stException']", timeout=60_000)
            tab.wait_for_function("() => document.querySelector('[data-testid=stException]').innerText.includes('页面出错了')",
                                  timeout=10_000)
            shown = notice.inner_text()
            page = tab.content()
            links = tab.eval_on_selector_all("[data-testid='stException'] a", "links => links.filter(a => a.offsetParent).length")
            browser.close()
    finally:
        script.unlink()
    assert shown.strip() == "页面出错了，出错详情已记入服务器日志。请刷新页面重试；如仍出错，请联系管理员。"
    assert "secret" not in page and "13912345678" not in page and "Traceback" not in page
    assert links == 0
