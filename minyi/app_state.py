"""Streamlit glue shared by every page: the database connection and the dataset banner.

The connection is cached per published snapshot file, so the first rerun after an import
opens the new snapshot while sessions still mid-query finish on the old one. When no
database exists yet, the demo county is generated once, on first start.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import streamlit as st

from minyi import config, dataset, db


@st.cache_resource(max_entries=3, show_spinner=False)
def _snapshot_connection(snapshot: str) -> duckdb.DuckDBPyConnection:
    return db.connect(snapshot, read_only=True)


def ensure_database(path: Path) -> None:
    if db.current_snapshot(path) is None:
        from minyi.demo import build_demo

        with st.spinner("首次启动：正在生成演示县数据……"):
            build_demo(path)


def _current_snapshot() -> str:
    path = config.db_path()
    ensure_database(path)
    return str(db.current_snapshot(path))


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor on the current snapshot, for this script run (cursors are per thread)."""
    return _snapshot_connection(_current_snapshot()).cursor()


@st.cache_data(max_entries=3, show_spinner=False)
def _facts_of(snapshot: str) -> dict[str, str]:
    return dataset.describe(_snapshot_connection(snapshot).cursor())


def dataset_facts() -> dict[str, str]:
    """The current snapshot's meta facts; read once per snapshot, not on every rerun."""
    return _facts_of(_current_snapshot())


def page_start(title: str) -> duckdb.DuckDBPyConnection:
    """Every page begins here: the demo marker (so a screenshot never passes for real data),
    the title, and this run's database cursor."""
    facts = dataset_facts()
    if facts.get("dataset_kind") == dataset.DEMO:
        st.warning(f"演示数据：{facts.get('county', '虚构县')}的数字均为程序生成，仅供演示，不代表任何真实地区。",
                   icon=":material/warning:")
    st.title(title)
    return connection()
