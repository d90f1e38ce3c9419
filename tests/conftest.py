"""Shared fixtures: a small demo database built once per test session."""

from __future__ import annotations

import pytest

from minyi.demo import build_demo


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """A 20,000-case demo county (same calibration as the default, smaller for speed)."""
    path = tmp_path_factory.mktemp("demo") / "minyi.duckdb"
    build_demo(path, rows=20_000, seed=2012)
    return path
