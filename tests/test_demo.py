"""The demo county tells the story of the seed documents, through the real importer."""

from __future__ import annotations

import datetime as dt

import pytest

from minyi import dataset, db, metrics
from minyi.demo import LAGGING_TOWNSHIPS, build_demo
from minyi.periods import Period
from minyi.scope import Scope

JAN_SEP = Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30))


def test_demo_is_marked_and_fully_imported(demo_reader):
    assert dataset.describe(demo_reader)["dataset_kind"] == "demo"
    imports = demo_reader.execute("select sum(rows_read), sum(rows_rejected) from imports").fetchone()
    cases = demo_reader.execute("select count(*) from cases").fetchone()[0]
    surveys = demo_reader.execute("select count(*) from survey_responses").fetchone()[0]
    assert imports == (cases + surveys, 0)
    assert demo_reader.execute("select count(*) from townships").fetchone()[0] == 16
    assert demo_reader.execute("select count(*) from departments").fetchone()[0] == 30


def test_petitions_fall_29_5_percent_with_rates_above_99(demo_reader):
    county = metrics.headline(demo_reader, Scope(JAN_SEP, source="petition"), policy=metrics.Policy()).iloc[0]
    assert county["received_yoy"] == pytest.approx(-0.295)
    for source in ("petition", "complaint"):
        row = metrics.headline(demo_reader, Scope(JAN_SEP, source=source), policy=metrics.Policy()).iloc[0]
        assert row["on_time_rate"] > 0.99 and row["satisfaction_rate"] > 0.99


def test_a_few_townships_lag(demo_reader):
    by_township = metrics.headline(demo_reader, Scope(JAN_SEP), by="township", policy=metrics.Policy()).set_index("unit")
    lagging = by_township[by_township["on_time_rate"] < 0.97].index
    assert set(lagging) == set(LAGGING_TOWNSHIPS)


def test_same_seed_gives_the_same_county(tmp_path):
    fingerprints = []
    for name in ("a", "b"):
        path = tmp_path / name / "minyi.duckdb"
        build_demo(path, rows=3_000, seed=7)
        reader = db.open_reader(path)
        fingerprints.append(reader.execute(
            "select count(*), sum(hash(case_id, received_at, township, closed_at, satisfaction)) from cases"
        ).fetchone())
        reader.close()
    assert fingerprints[0] == fingerprints[1]
