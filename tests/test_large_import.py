"""An export larger than one DuckDB row group (122,880 rows) is written to disk as it is inserted,
before the import commits. DuckDB 2.0.0 then hid those rows from the same transaction's later reads
when an empty insert into the table came first (as pulling no history months is), so the tables the
pages read came out empty while every case was stored. The derived tables must count every case of a
large import, into an empty database and into one holding cases, and an import whose derived tables
do not is refused whole."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from minyi import snapshot_files
from minyi.ingest import derived
from minyi.ingest.mapping import ExportError
from tests.export_files import import_into, query, write_csv, write_parquet

LARGE = 130_000  # more than one row group


def _large_export(path, first_number: int, rows: int = LARGE):
    rng = np.random.default_rng(first_number)
    received = np.datetime64("2011-01-01T08:00") + rng.integers(0, 600 * 24 * 60, rows).astype("timedelta64[m]")
    closed = received + rng.integers(60, 40 * 24 * 60, rows).astype("timedelta64[m]")
    return write_parquet(path, {
        "工单编号": pa.array([f"L{first_number + i}" for i in range(rows)]),
        "来电时间": pa.array(received.astype("datetime64[ms]")),
        "所属街镇": pa.array(rng.choice(["河口镇", "城关街道", "新棉镇"], rows)),
        "承办单位": pa.array(rng.choice(["县住建局", "县城管局"], rows)),
        "诉求类型": pa.array(rng.choice(["城乡建设", "劳动保障"], rows)),
        "办结时间": pa.array(closed.astype("datetime64[ms]")),
        "回访结果": pa.array(rng.choice(["满意", "基本满意", "不满意"], rows)),
    })


def _counts(db_path) -> tuple[int, ...]:
    return query(db_path, "select (select count(*) from cases), (select count(*) from case_facts), "
                          "(select sum(received) from case_months), (select sum(received) from case_steps where "
                          "step_month = month), (select count(*) from case_facts where closed_date is not null)")[0]


def test_a_large_import_into_an_empty_database_is_counted_by_the_pages_tables(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [_large_export(tmp_path / "large.parquet", 1)])
    assert _counts(db_path) == (LARGE,) * 5


def test_a_large_import_into_a_database_holding_cases_is_counted_by_the_pages_tables(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    header = ["工单编号", "来电时间", "所属街镇", "承办单位", "诉求类型"]
    import_into(db_path, [write_csv(tmp_path / "small.csv", header,
                                    [[f"S{i}", "2011-02-03 09:00", "河口镇", "县住建局", "城乡建设"] for i in range(50)])])
    import_into(db_path, [_large_export(tmp_path / "large.parquet", 1)])
    assert _counts(db_path) == (LARGE + 50, LARGE + 50, LARGE + 50, LARGE + 50, LARGE)


def test_an_import_whose_derived_tables_miss_cases_is_refused_and_nothing_changes(tmp_path, monkeypatch):
    db_path = tmp_path / "db" / "m.duckdb"
    header = ["工单编号", "来电时间", "所属街镇", "承办单位", "诉求类型"]
    import_into(db_path, [write_csv(tmp_path / "first.csv", header, [["A1", "2011-02-03 09:00", "河口镇", "县住建局", "城乡建设"]])])
    published = snapshot_files.current_snapshot(db_path)
    monkeypatch.setattr(derived, "refresh_touched_case_months", lambda con: None)  # the new month left out
    with pytest.raises(ExportError, match="统计表与案件数不符"):
        import_into(db_path, [write_csv(tmp_path / "second.csv", header,
                                        [["A2", "2011-03-04 09:00", "河口镇", "县住建局", "城乡建设"]])],
                    now=dt.datetime(2012, 10, 1))
    assert snapshot_files.current_snapshot(db_path) == published
    assert query(db_path, "select count(*) from cases") == [(1,)]
