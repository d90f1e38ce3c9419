"""The rollups of grid events and 办件 give the same counts as the records themselves, for every
kind of period a page asks for: whole months, a period starting or ending inside a month, and a
standing taken inside a month (a data end mid-month), with events and 办件 done months later, never
done, without a deadline, not registered, found hours or weeks before being reported."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from minyi import dataset, db, grid_metrics, grid_view, service_metrics, service_view, snapshot_files
from minyi.grid_view import Place
from minyi.ingest.derived import ROLLUPS, refresh_rollups
from minyi.ingest.publish import refresh_derived
from minyi.periods import Period

FIRST = dt.datetime(2011, 11, 1)
PERIODS = [
    Period(dt.date(2012, 1, 1), dt.date(2012, 3, 31)),      # whole months, standing at a month's end
    Period(dt.date(2011, 12, 15), dt.date(2012, 2, 10)),    # partial months at both ends
    Period(dt.date(2012, 1, 1), dt.date(2012, 2, 14)),      # the standing taken mid-February
    Period(dt.date(2012, 2, 1), dt.date(2012, 2, 29)),      # one month
    Period(dt.date(2011, 11, 20), dt.date(2011, 11, 30)),   # days only
    Period(dt.date(2011, 11, 1), dt.date(2012, 5, 31)),     # everything, and months without records
]
SEVERAL = 3000


def _days(rng, size, low, high, missing):
    """Offsets in hours, missing (NaN) for a `missing` share."""
    hours = rng.integers(low * 24, high * 24, size).astype(float)
    hours[rng.random(size) < missing] = np.nan
    return pd.to_timedelta(hours, unit="h")


def _found_before(rng) -> pd.TimedeltaIndex:
    """Minutes from found to reported: mostly hours, some over a week, some unknown."""
    minutes = rng.exponential(20 * 60, SEVERAL).round()
    minutes[rng.random(SEVERAL) < 0.05] = 9 * 24 * 60
    minutes[rng.random(SEVERAL) < 0.1] = np.nan
    return pd.to_timedelta(minutes, unit="min")


def _events(rng) -> pd.DataFrame:
    reported = FIRST + pd.to_timedelta(rng.integers(0, 150 * 24 * 60, SEVERAL), unit="min")
    township = rng.choice(["河口镇", "城关街道", None], SEVERAL, p=[0.45, 0.45, 0.1])
    found = rng.random(SEVERAL) < 0.7
    disposed = reported + _days(rng, SEVERAL, 0, 70, 0.15)
    closed = disposed + _days(rng, SEVERAL, 0, 20, 0.1)
    return pd.DataFrame({
        "event_id": [f"E{i}" for i in range(SEVERAL)],
        "township": township,
        "village": [None if t is None or i % 7 == 0 else f"{t}{i % 3}村" for i, t in enumerate(township)],
        "grid": [f"第{i % 4}网格" if i % 11 else None for i in range(SEVERAL)],
        "department": rng.choice(["县城管局", None], SEVERAL),
        "event_source": np.where(found, "网格员巡查发现", rng.choice(["群众上报", None], SEVERAL)),
        "found_by_staff": found,
        "event_at": reported,
        "found_at": (reported - _found_before(rng)).where(found),
        "reported_at": reported,
        "deadline": reported + _days(rng, SEVERAL, 1, 30, 0.2),
        "disposed_at": disposed,
        "closed_at": closed,
        "registered": rng.random(SEVERAL) < 0.9,
        "satisfaction": rng.choice(["满意", "基本满意", "不满意", "逾期未评价", None], SEVERAL),
        "source_file": "随机.csv",
    })


def _items(rng) -> pd.DataFrame:
    received = FIRST + pd.to_timedelta(rng.integers(0, 150 * 24 * 60, SEVERAL), unit="min")
    deadline = (received + _days(rng, SEVERAL, 0, 25, 0.2)).normalize()
    return pd.DataFrame({
        "item_id": [f"S{i}" for i in range(SEVERAL)],
        "matter_name": rng.choice(["营业执照", "低保", None], SEVERAL),
        "service_level": rng.choice(["县级", "乡镇级", "村级", None], SEVERAL),
        "centre": rng.choice(["县政务服务中心", "河口镇便民服务中心", None], SEVERAL),
        "township": rng.choice(["河口镇", "城关街道", None], SEVERAL),
        "department": rng.choice(["县行政审批局", None], SEVERAL),
        "service_mode": rng.choice(["网办", "窗口", None], SEVERAL),
        "online": rng.choice([True, False, None], SEVERAL),
        "received_at": received,
        "deadline": deadline.date,
        "closed_at": received + _days(rng, SEVERAL, 0, 60, 0.15),
        "closure_known": rng.choice([True, False, None], SEVERAL, p=[0.7, 0.1, 0.2]),
        "satisfaction": rng.choice(["满意", "基本满意", "不满意", "逾期未评价", "未回访"], SEVERAL),
        "rectified": rng.choice([True, False, None], SEVERAL),
        "source_file": "随机.xlsx",
    })


@pytest.fixture(scope="module")
def con():
    rng = np.random.default_rng(20121)
    connection = db.connect(":memory:")
    events, items = _events(rng), _items(rng)
    connection.execute("insert into grid_events by name select * from events")
    connection.execute("insert into service_items by name select * from items")
    for records in ("grid", "service"):
        refresh_rollups(connection, records)
    yield connection
    connection.close()


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = frame.astype({key: object for key in keys}).fillna({key: "∅" for key in keys})
    return frame.sort_values(keys, ignore_index=True)


@pytest.mark.parametrize("period", PERIODS, ids=str)
@pytest.mark.parametrize("township", [None, "河口镇"])
@pytest.mark.parametrize("report_hours", [24.0, 3.0])
def test_grid_counts_from_the_rollups_are_the_events_counts(con, period, township, report_hours):
    keys = ["township", "village", "grid"]
    rolled = grid_metrics.event_counts(con, period.start, period.end, township, None, report_hours)
    raw = db.run(con, "grid/event_counts", start=period.start, end=period.end, as_of=period.end, township=township,
                 department=None, report_hours=report_hours)
    assert raw["events"].sum() > 0 and raw["open_past_disposal"].sum() > 0 and raw["reported_in_time"].sum() > 0
    pd.testing.assert_frame_equal(_sorted(rolled, keys), _sorted(raw, keys), check_dtype=False)


@pytest.mark.parametrize("period", PERIODS, ids=str)
@pytest.mark.parametrize("department", [None, "县行政审批局"])
def test_service_counts_from_the_rollups_are_the_items_counts(con, period, department):
    keys = ["service_level", "centre", "township", "department", "matter_name"]
    rolled = service_metrics.count_periods(con, [period], department=department)[0]
    raw = db.run(con, "service/item_counts", start=period.start, end=period.end, as_of=period.end, township=None,
                 department=department)
    assert raw["items"].sum() > 0 and raw["open_past_deadline"].sum() > 0 and raw["closed_on_time"].sum() > 0
    pd.testing.assert_frame_equal(_sorted(rolled, keys), _sorted(raw, keys), check_dtype=False)


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_monthly_series_from_the_rollups_are_the_records_series(con, period):
    place = Place(township="河口镇")
    series = grid_view.events_by_source(con, period.start, period.end, place)
    raw = db.run(con, "grid/events_by_month", start=period.start, end=period.end, **place.params())
    assert series["value"].sum() == raw["events"].sum() > 0
    by_level = service_view.items_by_level(con, period.start, period.end, service_view.Place())
    raw = db.run(con, "service/items_by_month", start=period.start, end=period.end, township=None, department=None)
    assert by_level["value"].sum() == raw["items"].sum() > 0


def test_a_report_limit_the_rollups_do_not_keep_reads_the_events(con):
    period = PERIODS[0]
    half_hours = grid_metrics.event_counts(con, period.start, period.end, None, None, 0.5)
    raw = db.run(con, "grid/event_counts", start=period.start, end=period.end, as_of=period.end, township=None,
                 department=None, report_hours=0.5)
    assert half_hours["reported_in_time"].sum() == raw["reported_in_time"].sum()
    week = grid_metrics.event_counts(con, period.start, period.end, None, None, 200)
    assert week["reported_in_time"].sum() == db.run(con, "grid/event_counts", start=period.start, end=period.end,
                                                     as_of=period.end, township=None, department=None,
                                                     report_hours=200)["reported_in_time"].sum()


def test_periods_counted_at_once_are_each_period_counted_alone(con, tmp_path):
    """A view counts its period, 同比 and 环比 in one read; each is memoised as if read alone."""
    snapshot = tmp_path / "minyi.duckdb"
    con.execute(f"attach '{snapshot}' as copy")
    con.execute("copy from database memory to copy")
    con.execute("detach copy")
    reader = db.SnapshotReader(db.cursor(db.connect(snapshot, read_only=True)), str(snapshot))
    together = service_metrics.count_periods(reader, PERIODS, township="河口镇")
    events_together = grid_metrics.count_periods(reader, PERIODS, None, "县城管局", 24)
    alone = [service_metrics.count_periods(con, [period], township="河口镇")[0] for period in PERIODS]
    keys = list(service_metrics.BY_COLUMNS.values())
    for read_together, read_alone in zip(together, alone):
        pd.testing.assert_frame_equal(_sorted(read_together, keys), _sorted(read_alone, keys))
    for period, read_together in zip(PERIODS, events_together):
        pd.testing.assert_frame_equal(
            _sorted(read_together, ["township", "village", "grid"]),
            _sorted(grid_metrics.event_counts(con, period.start, period.end, None, "县城管局", 24),
                    ["township", "village", "grid"]))
    runs = []
    original = reader.execute
    reader.execute = lambda *args: runs.append(args[0]) or original(*args)
    for period in PERIODS[:3]:  # whole months; and both ends, and standing, inside a month
        service_metrics.rates_by(reader, period.start, period.end, "centre", township="河口镇")
    grid_metrics.rates_by(reader, PERIODS[3].start, PERIODS[3].end, "grid", department="县城管局", policy=grid_metrics.GridPolicy())
    assert not [run for run in runs if "from source_fields" not in run], "counts read again"


def test_the_rollups_count_every_record(con):
    assert db.run(con, "derived_rows_match")["matches"].iloc[0]


def test_a_database_from_before_the_rollups_gets_them_when_refreshed(tmp_path, demo_db):
    """A snapshot of a version without the rollups (grid events and 办件 stored, their rollups
    absent) is not current; refreshing it builds them from the stored records."""
    path = tmp_path / "old" / "minyi.duckdb"
    with snapshot_files.publishing(path) as writer:
        writer.execute(f"attach '{snapshot_files.current_snapshot(demo_db)}' as source (read_only)")
        for table in ("cases", "grid_events", "service_items", "source_fields"):
            writer.execute(f"insert into {table} select * from source.{table}")
        writer.execute("detach source")
        for records in ROLLUPS.values():
            for table in records:
                writer.execute(f"drop table {table}")
    assert not dataset.derived_tables_current(snapshot_files.current_snapshot(path))
    refresh_derived(path)
    assert dataset.derived_tables_current(snapshot_files.current_snapshot(path))
    reader = db.open_reader(path)
    events = grid_metrics.rates_by(reader, dt.date(2012, 1, 1), dt.date(2012, 9, 30), policy=grid_metrics.GridPolicy())
    items = service_metrics.rates_by(reader, dt.date(2012, 1, 1), dt.date(2012, 9, 30),
                                     policy=service_metrics.ServicePolicy())
    demo = db.open_reader(demo_db)
    assert events.equals(grid_metrics.rates_by(demo, dt.date(2012, 1, 1), dt.date(2012, 9, 30),
                                               policy=grid_metrics.GridPolicy()))
    assert items["items"].iloc[0] == 8356 and items.equals(service_metrics.rates_by(
        demo, dt.date(2012, 1, 1), dt.date(2012, 9, 30), policy=service_metrics.ServicePolicy()))
