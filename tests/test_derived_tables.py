"""The tables derived from cases agree with the cases, old databases are brought up to date, and
the monthly rollup gives the same counts as the cases themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from minyi import dataset, db, snapshot_files, trends
from minyi.ingest.publish import refresh_derived
from minyi.periods import Period
from minyi.scope import Scope
from tests.dashboard_runs import shown_cards

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
ODD_PERIOD = Period(dt.date(2011, 11, 17), dt.date(2012, 8, 9))  # partial months at both ends


def test_derived_tables_match_the_cases(demo_reader):
    facts = demo_reader.execute("select count(*), count(closed_date), sum(handling_days) from case_facts").fetchone()
    cases = demo_reader.execute("select count(*), count(closed_at), sum(date_diff('day', received_date, cast(closed_at as date)))"
                        " from cases").fetchone()
    assert facts == cases
    late = demo_reader.execute("select count(*) from late_cases").fetchone()[0]
    assert late == demo_reader.execute("select count(*) from cases where closed_at is null"
                               " or cast(closed_at as date) > deadline").fetchone()[0]
    assert demo_reader.execute("select sum(received) from case_months").fetchone()[0] == cases[0]


@pytest.mark.parametrize("township", [None, "河口镇"])
def test_rollup_and_case_counts_agree_over_partial_months(demo_reader, township):
    scope = Scope(ODD_PERIOD, township=township)
    from_rollup = trends.received_cells(demo_reader, scope).set_index(list(trends.BREAKDOWNS))["received"].sort_index()
    from_cases = db.run(demo_reader, "received_cells", **scope.params()).set_index(list(trends.BREAKDOWNS))["received"]
    assert from_rollup.to_dict() == from_cases.sort_index().to_dict()
    series = trends.received_series(demo_reader, scope, "month")
    raw = db.run(demo_reader, "received_series", **scope.params(), grain="month")
    assert series["received"].sum() == raw["received"].sum() == from_cases.sum()
    assert len(series) == len(raw)


@pytest.fixture
def old_db(tmp_path, hand_db):
    """The hand county as a version without the derived tables left it."""
    path = tmp_path / "old" / "minyi.duckdb"
    with snapshot_files.publishing(path) as writer:
        writer.execute(f"attach '{snapshot_files.current_snapshot(hand_db)}' as source (read_only)")
        writer.execute("insert into cases select * from source.cases")
        writer.execute("detach source")
        writer.execute("drop table case_facts; drop table late_cases; drop table case_months")
    assert not dataset.derived_tables_current(snapshot_files.current_snapshot(path))
    return path


def test_a_database_from_before_the_derived_tables_is_refreshed(old_db):
    reader = db.connect(snapshot_files.current_snapshot(old_db), read_only=True)  # opens, without the macros
    reader.close()
    refresh_derived(old_db)
    assert dataset.derived_tables_current(snapshot_files.current_snapshot(old_db))


def test_the_dashboard_refreshes_an_old_database_once_and_shows_it(old_db, monkeypatch):
    monkeypatch.setenv("MINYI_DB", str(old_db))
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.query_params.update({"period": "1–N月", "month": "9月"})
    app.run()
    assert not app.exception
    assert dataset.derived_tables_current(snapshot_files.current_snapshot(old_db))
    assert {m.label: m.value for m in shown_cards(app).values()}["信访受理"] == "141件"


def test_snapshot_reader_memoises_and_hands_out_copies(hand_db):
    snapshot = str(snapshot_files.current_snapshot(hand_db))
    reader = db.SnapshotReader(db.cursor(db.connect(snapshot, read_only=True)), snapshot)
    first = db.run(reader, "data_span")
    first.loc[0, "first_day"] = None  # a caller changing its copy must not change the memo
    second = db.run(reader, "data_span")
    assert second["first_day"].notna().all()
    assert any(key[0] == snapshot for key in db._memo)


def test_the_unfilled_unit_finds_the_cases_without_a_township():
    con = db.connect()  # in memory: the schema and the macros
    con.execute("insert into case_facts (source, received_date, township, department) values "
                "('complaint', date '2012-03-01', null, '县住建局'), ('complaint', date '2012-03-02', '河口镇', null)")
    scope = Scope(Period(dt.date(2012, 3, 1), dt.date(2012, 3, 31)))
    cells = db.run(con, "received_cells", **scope.params())
    assert set(cells["township"]) == {"（未填写）", "河口镇"}
    for dimension in ("township", "department"):
        narrowed = db.run(con, "received_cells", **scope.narrowed(dimension, "（未填写）").params())
        assert narrowed["received"].sum() == 1 and narrowed[dimension].tolist() == ["（未填写）"]


def test_a_cursor_goes_to_the_next_run_once_its_reader_is_dropped(hand_db):
    """Creating an analysis cursor runs the macro DDL: a run's reader hands its cursor on when the
    run ends, and two readers alive at once never share one."""
    snapshot = str(snapshot_files.current_snapshot(hand_db))
    pool = db.CursorPool(db.connect(snapshot, read_only=True), snapshot)
    first, second = pool.reader(), pool.reader()
    first.execute("select 1").fetchall()
    second.execute("select 1").fetchall()
    used = first._cursor
    assert used is not None and second._cursor is not None and used is not second._cursor
    del first
    third = pool.reader()
    third.execute("select 1").fetchall()  # its first query takes the cursor the dropped reader held
    assert third._cursor is used
    assert db.run(third, "case_total", **Scope(ODD_PERIOD).params())["cases"].iloc[0] > 0  # the macros are there
