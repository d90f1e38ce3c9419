"""The dashboard run in AppTest on a given database, as a link with `url` parameters opens it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def open_dashboard(db_path: Path, monkeypatch, page: str | None = None, **url: str) -> AppTest:
    """The app on `db_path` (cold caches: each test sees its own database), switched to `page`
    when given, with no exception raised."""
    monkeypatch.setenv("MINYI_DB", str(db_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.query_params.update(url)
    app.run()
    if page is not None:
        app.switch_page(page)
        app.run()
    assert not app.exception, app.exception
    return app
