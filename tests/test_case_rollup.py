"""The monthly rollup of cases (case_steps) gives the same cells as the cases themselves, for every
kind of period a page asks for and every filter, with cases closed months later, never closed,
without a deadline, from exports without closure or repeat columns; and the per-source summaries
read from it (fields carried, first receipts, cases without a closure column) are the cases'."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from minyi import case_cells, db
from minyi.ingest.derived import refresh_case_facts
from minyi.periods import Period
from minyi.scope import Scope

FIRST = dt.datetime(2011, 11, 1)
PERIODS = [
    Period(dt.date(2012, 1, 1), dt.date(2012, 3, 31)),      # whole months, closure judged at a month's end
    Period(dt.date(2011, 12, 15), dt.date(2012, 2, 10)),    # partial months at both ends
    Period(dt.date(2012, 1, 1), dt.date(2012, 2, 14)),      # cut mid-February (a data end mid-month)
    Period(dt.date(2012, 2, 1), dt.date(2012, 2, 29)),      # one month
    Period(dt.date(2011, 11, 20), dt.date(2011, 11, 30)),   # days only
    Period(dt.date(2011, 11, 1), dt.date(2012, 5, 31)),     # everything, and months without cases
]
FILTERS = [{}, {"township": "河口镇"}, {"township": "（未填写）"}, {"department": "县住建局", "source": "petition"},
           {"category": "城乡建设"}]
SEVERAL = 3000


def _cases(rng) -> pd.DataFrame:
    received = FIRST + pd.to_timedelta(rng.integers(0, 150 * 24 * 60, SEVERAL), unit="min")
    closed_after = pd.to_timedelta(rng.integers(0, 70 * 24, SEVERAL).astype(float), unit="h")
    closed = (received + closed_after).where(rng.random(SEVERAL) > 0.15)
    deadline = (received + pd.to_timedelta(rng.integers(5, 40, SEVERAL), unit="D")).normalize()
    source = rng.choice(["petition", "complaint"], SEVERAL, p=[0.3, 0.7])
    return pd.DataFrame({
        "source": source,
        "case_id": [f"C{i}" for i in range(SEVERAL)],
        "channel": rng.choice(["来信", "网上", None], SEVERAL),
        "received_at": received,
        "received_date": received.normalize().date,
        "township": rng.choice(["河口镇", "城关街道", None], SEVERAL, p=[0.45, 0.45, 0.1]),
        "department": rng.choice(["县住建局", "县城管局", None], SEVERAL),
        "category": rng.choice(["城乡建设", "劳动保障", None], SEVERAL),
        "deadline": pd.Series(deadline.date).where(rng.random(SEVERAL) > 0.1),
        "deadline_basis": rng.choice(["export", "rule", "rule_weekend_fallback"], SEVERAL),
        "closed_at": closed,
        # complaints never have callbacks stored as 未回访 only, petitions carry answers
        "satisfaction": np.where(source == "complaint", "未回访",
                                 rng.choice(["满意", "基本满意", "不满意", "逾期未评价", "未回访"], SEVERAL)),
        "is_repeat": rng.random(SEVERAL) < 0.08,
        "closure_known": rng.choice([True, False, None], SEVERAL, p=[0.8, 0.1, 0.1]),
        "repeat_known": rng.choice([True, False], SEVERAL, p=[0.7, 0.3]),
        "source_file": "随机.csv",
    })


@pytest.fixture(scope="module")
def con():
    connection = db.connect(":memory:")
    generated = _cases(np.random.default_rng(20122))
    connection.execute("insert into cases by name select * from generated")
    refresh_case_facts(connection)
    db.execute(connection, "ddl/analysis_macros")
    yield connection
    connection.close()


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """The cells summed by their keys (the rollup splits a cell into rows of receipt and closure)."""
    frame = frame.astype({key: object for key in case_cells.KEYS}).fillna({key: "∅" for key in case_cells.KEYS})
    frame = frame.groupby(case_cells.KEYS, as_index=False)[case_cells.COUNTS].sum()
    return frame.astype({count: "int64" for count in case_cells.COUNTS}).sort_values(case_cells.KEYS, ignore_index=True)


def _satisfaction_blanked(frame: pd.DataFrame) -> pd.DataFrame:
    """Closures are counted on the rollup's rows without an answer: compare answers on receipts only."""
    receipts = frame.drop(columns=["closed", "closed_on_time"])
    closures = frame.assign(satisfaction=None)[[*case_cells.KEYS, "closed", "closed_on_time"]]
    return pd.concat([receipts, closures], ignore_index=True).fillna(0)


@pytest.mark.parametrize("period", PERIODS, ids=str)
@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_cells_from_the_rollup_are_the_cases_cells(con, period, filters):
    scope = Scope(period, **filters)
    rolled = case_cells.cells(con, scope)
    raw = db.run(con, "case_cells", **scope.params(), as_of=period.end)
    assert raw["received"].sum() > 0 and raw["closed"].sum() > 0 and raw["closed_on_time"].sum() > 0
    assert raw["closed"].sum() < raw["received"].sum()  # some closed after the period's end, or never
    pd.testing.assert_frame_equal(_sorted(_satisfaction_blanked(rolled)), _sorted(_satisfaction_blanked(raw)))
    answers = ["source", "satisfaction"]
    assert rolled.groupby(answers)["received"].sum().equals(raw.groupby(answers)["received"].sum())


def test_an_off_by_one_month_in_the_closures_is_caught(con):
    """The comparison can fail: closures moved a month later change the whole-month cells."""
    con.execute("create temp table kept_steps as select * from case_steps")
    try:
        con.execute("update case_steps set step_month = step_month + interval 1 month where closed > 0")
        scope = Scope(PERIODS[0])
        rolled = case_cells.cells(con, scope)
        raw = db.run(con, "case_cells", **scope.params(), as_of=PERIODS[0].end)
        assert rolled["closed"].sum() < raw["closed"].sum()
    finally:
        con.execute("create or replace table case_steps as select * from kept_steps")
        con.execute("drop table kept_steps")


def test_periods_read_at_once_are_each_period_read_alone(con, tmp_path):
    snapshot = tmp_path / "minyi.duckdb"
    con.execute(f"attach '{snapshot}' as copy")
    con.execute("copy from database memory to copy")
    con.execute("detach copy")
    reader = db.SnapshotReader(db.cursor(db.connect(snapshot, read_only=True)), str(snapshot))
    scopes = [Scope(period, township="河口镇") for period in PERIODS]
    together = case_cells.of_periods(reader, scopes)
    for scope, read_together in zip(scopes, together):
        pd.testing.assert_frame_equal(_sorted(read_together), _sorted(case_cells.cells(con, scope)))
    runs = []
    original = reader.execute
    reader.execute = lambda *args: runs.append(args[0]) or original(*args)
    for scope in scopes:
        case_cells.cells(reader, scope)
    assert not runs, "cells read again"


def test_source_summaries_from_the_rollup_are_the_cases(con):
    cases = con.execute("select * from case_facts").df()
    first = db.run(con, "source_first_days").set_index("source")["first_day"]
    assert {s: pd.Timestamp(d).date() for s, d in first.items()} == \
        {s: pd.Timestamp(d).date() for s, d in cases.groupby("source")["received_date"].min().items()}
    known = db.run(con, "fields_known").set_index("source")
    for source, group in cases.groupby("source"):
        assert known.loc[source, "closure_unknown"] == (~group["closure_known"]).sum()
        assert known.loc[source, "repeat_unknown"] == (~group["repeat_known"]).sum()
    fields = db.run(con, "source_fields").set_index(["source", "field"])["present"]
    assert fields[("complaint", "satisfaction")] == False  # noqa: E712  only 未回访 stored, no source_fields record
    assert fields[("petition", "satisfaction")] and fields[("complaint", "closed_at")] and fields[("complaint", "channel")]
    assert len(fields) == 14 and fields.drop(("complaint", "satisfaction")).all()


def test_a_database_without_the_rollup_is_not_current_until_refreshed(con):
    assert int(db.run(con, "derived_tables")["present"].iloc[0]) == db.DERIVED_TABLES
    con.execute("create temp table kept_steps as select * from case_steps")
    con.execute("drop table case_steps")
    try:
        assert int(db.run(con, "derived_tables")["present"].iloc[0]) == db.DERIVED_TABLES - 1
    finally:
        con.execute("create table case_steps as select * from kept_steps")
        con.execute("drop table kept_steps")
