"""Signing in as a person does, in Chromium (MINYI_SIGN_IN=local): the sign-in page in Chinese with
nothing of the data, a township account held to its township whatever the link asks, the 数据 page
out of its reach, and its downloads in the audit trail."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from minyi.security import accounts, audit
from tests.browser_runs import ARTIFACTS, CHROMIUM, ENGLISH_TEXT, FLAGS, english, settle, streamlit_server

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make test installs it)")
PASSWORD = "正确的密码abc123"


@pytest.fixture(scope="module")
def county(tmp_path_factory, hand_db):
    folder = tmp_path_factory.mktemp("browser-signin")
    shutil.copytree(hand_db.parent, folder, dirs_exist_ok=True, symlinks=True,
                    ignore=shutil.ignore_patterns("minyi-accounts*"))  # its own accounts and audit only
    path = folder / hand_db.name
    accounts.add("乡镇干部", PASSWORD, "乡镇:回隆乡", db_path=path)
    return path


def test_a_township_account_in_the_browser(county):
    from playwright.sync_api import sync_playwright

    with streamlit_server(county, settings={"MINYI_SIGN_IN": "local"}) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page(viewport={"width": 1366, "height": 768})
        tab.goto(f"{url}/trends?township=新棉镇")
        tab.get_by_label("用户名").wait_for(timeout=60_000)
        settle(tab)
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "sign-in-1366.png"))
        assert english(tab.evaluate(ENGLISH_TEXT)) == []
        assert not tab.query_selector(".js-plotly-plot") and "回隆乡" not in tab.inner_text("body")

        tab.get_by_label("用户名").fill("乡镇干部")
        tab.get_by_label("密码", exact=True).fill(PASSWORD)
        tab.get_by_role("button", name="登录").click()
        tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        settle(tab)
        tab.screenshot(path=str(ARTIFACTS / "sign-in-township-trends-1366.png"))
        body = tab.inner_text("body")
        assert "信访投诉趋势" in body and "链接中的“新棉镇”未采用" in body and "当前用户：乡镇干部" in body
        assert re.search(r"统计期间：[^\n]*回隆乡", body) and "新棉镇" not in body.replace("链接中的“新棉镇”", "")
        assert "数据" not in tab.inner_text("[data-testid='stSidebarNav']")

        tab.goto(f"{url}/data_status")  # a typed link to the 数据 page
        settle(tab)
        assert not tab.query_selector("[data-testid='stFileUploader']")
        assert "上传导出文件" not in tab.inner_text("body")

        tab.goto(f"{url}/rankings")
        settle(tab)
        tab.screenshot(path=str(ARTIFACTS / "sign-in-township-rankings-1366.png"))
        with tab.expect_download(timeout=60_000) as download:
            tab.locator("[data-testid='stDownloadButton'] button").first.click()
        assert download.value.suggested_filename.endswith(".xlsx")
        browser.close()
    rows = audit.recent(db_path=county)
    downloads = rows[rows["action"] == "下载"]
    assert list(downloads["actor"]) == ["乡镇干部"] and downloads["rows"].iloc[0] > 0
