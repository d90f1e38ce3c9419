"""The dashboard opens on the demo county and on an empty database, and shows the real numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from minyi import db

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGES = ("pages/overview.py", "pages/data_status.py")


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def empty_db(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    with db.publishing(path):
        pass
    monkeypatch.setenv("MINYI_DB", str(path))
    return path


def _open(page: str) -> AppTest:
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.run()
    app.switch_page(page)
    app.run()
    return app


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_demo_data_marked_as_demo(demo_db, monkeypatch, page):
    monkeypatch.setenv("MINYI_DB", str(demo_db))
    app = _open(page)
    assert not app.exception
    assert any("演示数据" in w.value for w in app.warning)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_an_empty_database(empty_db, page):
    app = _open(page)
    assert not app.exception
    assert not any("演示数据" in w.value for w in app.warning)


def test_overview_shows_year_to_date_with_yoy(demo_db, monkeypatch):
    monkeypatch.setenv("MINYI_DB", str(demo_db))
    con = db.open_reader(demo_db)
    count = "select count(*) from cases where source = 'petition' and year(received_date) = ?"
    this_year, last_year = (con.execute(count, [y]).fetchone()[0] for y in (2012, 2011))
    app = _open("pages/overview.py")
    received = [m for m in app.metric if m.label == "受理"]
    assert received[0].value == f"{this_year:,}件"
    assert received[0].delta == f"{(this_year - last_year) / last_year * 100:+.1f}%"
    assert "2012年" in app.caption[0].value


def test_first_start_generates_the_demo(tmp_path, monkeypatch):
    path = tmp_path / "fresh" / "minyi.duckdb"
    monkeypatch.setenv("MINYI_DB", str(path))
    app = AppTest.from_file(DASHBOARD, default_timeout=180)
    app.run()
    assert not app.exception
    assert path.exists()
    assert any("演示数据" in w.value for w in app.warning)
