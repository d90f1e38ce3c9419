"""Shared fixtures: a small demo database built once per test session."""

from __future__ import annotations

import pytest

from minyi.demo import build_demo


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo county exactly as `make run` shows it (100,000 cases, built in a few seconds)."""
    path = tmp_path_factory.mktemp("demo") / "minyi.duckdb"
    build_demo(path)
    return path
