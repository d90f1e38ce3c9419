"""An import rewrites the derived rows of the months its cases touch, not of every case held: after
new cases, corrections that move a case to another month, closures arriving later, an export that
now carries the repeat column, and a re-import that changes nothing, the derived tables are exactly
what rebuilding them from every case gives, and only the touched months were rewritten."""

from __future__ import annotations

import datetime as dt
import shutil

import numpy as np
import pandas as pd
import pytest

from minyi import db, snapshot_files
from minyi.ingest import derived
from tests.export_files import import_into, query, write_csv

HEADER = ["工单编号", "来电时间", "所属街镇", "承办单位", "诉求类型", "受理渠道", "办结时间", "回访结果"]
TOWNSHIPS = ["河口镇", "城关街道", "新棉镇", ""]
DEPARTMENTS = ["县住建局", "县城管局", ""]
ANSWERS = ["满意", "基本满意", "不满意", ""]
SEVERAL = 400


def _first_export(rng) -> list[list]:
    """Cases received from January 2011 to June 2012, some closed a month or two later, some open."""
    rows = []
    for i in range(SEVERAL):
        received = dt.datetime(2011, 1, 1) + dt.timedelta(minutes=int(rng.integers(0, 546 * 24 * 60)))
        closed = received + dt.timedelta(hours=int(rng.integers(1, 70 * 24))) if rng.random() < 0.7 else None
        rows.append([f"G{i}", f"{received:%Y-%m-%d %H:%M}", rng.choice(TOWNSHIPS), rng.choice(DEPARTMENTS),
                     rng.choice(["城乡建设", "劳动保障"]), rng.choice(["电话", "网络"]),
                     "" if closed is None else f"{closed:%Y-%m-%d %H:%M}", rng.choice(ANSWERS) if closed else ""])
    return rows


def _derived(snapshot) -> dict[str, pd.DataFrame]:
    con = db.connect(snapshot, read_only=True)
    try:
        return {table: _ordered(con.execute(f"select * from {table}").df()) for table in derived.DERIVED_CASE_TABLES}
    finally:
        con.close()


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    columns = sorted(frame.columns)
    return frame[columns].sort_values(columns, na_position="first", ignore_index=True)


def _rebuilt(snapshot, tmp_path) -> dict[str, pd.DataFrame]:
    """The derived tables rebuilt from every case, on a copy."""
    copy = tmp_path / f"rebuilt-{snapshot.name}"
    shutil.copyfile(snapshot, copy)
    con = db.connect(copy)
    derived.refresh_case_facts(con)
    con.close()
    return _derived(copy)


@pytest.fixture
def touched(monkeypatch):
    """The months each import rewrote, in order."""
    seen = []
    rewrite = derived.refresh_touched_case_months

    def recording(con):
        seen.append([row[0] for row in con.execute("select month from touched_case_months order by month").fetchall()])
        rewrite(con)

    monkeypatch.setattr(derived, "refresh_touched_case_months", recording)
    return seen


def _assert_as_rebuilt(db_path, tmp_path):
    snapshot = snapshot_files.current_snapshot(db_path)
    stored, rebuilt = _derived(snapshot), _rebuilt(snapshot, tmp_path)
    for table in derived.DERIVED_CASE_TABLES:
        assert len(stored[table]) > 0
        pd.testing.assert_frame_equal(stored[table], rebuilt[table], check_dtype=False, obj=table)


def test_an_import_rewrites_the_months_it_touches_and_leaves_the_tables_as_a_rebuild(tmp_path, touched):
    rng = np.random.default_rng(15)
    db_path = tmp_path / "db" / "m.duckdb"
    first = [*_first_export(rng), ["M1", "2011-03-10 09:00", "河口镇", "县住建局", "城乡建设", "电话", "", ""],
             ["C1", "2011-05-05 09:00", "新棉镇", "", "劳动保障", "网络", "", ""]]
    import_into(db_path, [write_csv(tmp_path / "first.csv", HEADER, first)])
    assert len(touched[0]) == 18  # every month of January 2011 to June 2012
    _assert_as_rebuilt(db_path, tmp_path)

    moved = ["M1", "2011-09-10 09:00", "河口镇", "县住建局", "城乡建设", "电话", "", ""]   # was 2011-03-10
    closed = ["C1", "2011-05-05 09:00", "新棉镇", "", "劳动保障", "网络", "2012-07-03 10:00", "满意"]
    new = ["G9001", "2012-07-02 09:00", "河口镇", "县住建局", "城乡建设", "电话", "", ""]
    reopened = [*first[0][:6], "", ""]  # an older export's missing closure never undoes one
    later = [moved, closed, new, reopened, *first[1:40]]
    import_into(db_path, [write_csv(tmp_path / "later.csv", HEADER, later)])
    assert touched[1] == [dt.date(2011, 3, 1), dt.date(2011, 5, 1), dt.date(2011, 9, 1), dt.date(2012, 7, 1)]
    _assert_as_rebuilt(db_path, tmp_path)

    import_into(db_path, [write_csv(tmp_path / "again.csv", HEADER, later)])  # nothing new
    assert len(touched) == 2  # no month rewritten
    _assert_as_rebuilt(db_path, tmp_path)

    # the same cases from an export with the repeat column: unchanged, but now known per case
    with_repeats = [row + ["否"] for row in first[10:15]]
    import_into(db_path, [write_csv(tmp_path / "repeats.csv", HEADER + ["是否重复件"], with_repeats)])
    assert set(touched[2]) == {dt.date.fromisoformat(row[1][:7] + "-01") for row in with_repeats}
    _assert_as_rebuilt(db_path, tmp_path)


def test_an_older_database_is_rebuilt_whole_on_import(tmp_path, touched):
    """Derived tables that do not count every case (a version that kept fewer) are rebuilt from all."""
    db_path = tmp_path / "db" / "m.duckdb"
    rows = _first_export(np.random.default_rng(16))
    import_into(db_path, [write_csv(tmp_path / "first.csv", HEADER, rows[:200])])
    with snapshot_files.publishing(db_path) as con:
        con.execute("delete from case_facts where received_date < date '2011-06-01'")
    import_into(db_path, [write_csv(tmp_path / "second.csv", HEADER, rows[200:])])
    assert len(touched) == 1  # the second import rebuilt every month instead
    _assert_as_rebuilt(db_path, tmp_path)


def test_imports_on_one_connection_each_rewrite_their_own_months(tmp_path, touched):
    """The demo generator imports part after part on one connection."""
    from minyi.ingest.pipeline import import_files
    from tests.export_files import deadline_rules

    rng = np.random.default_rng(17)
    rows = _first_export(rng)
    early = [row for row in rows if row[1] < "2011-07"]
    late = [row for row in rows if row[1] >= "2012-04"]
    with snapshot_files.publishing(tmp_path / "db" / "m.duckdb") as con:
        for name, part in (("early.csv", early), ("late.csv", late)):
            import_files(con, [write_csv(tmp_path / name, HEADER, part)], rules=deadline_rules(tmp_path / "none.toml"))
    assert touched[0][0] == dt.date(2011, 1, 1) and touched[0][-1] == dt.date(2011, 6, 1)
    assert touched[1] == [dt.date(2012, 4, 1), dt.date(2012, 5, 1), dt.date(2012, 6, 1)]


def test_an_import_onto_a_database_whose_rollup_a_newer_version_created_empty_rebuilds_it(tmp_path, touched):
    """A version before case_steps wrote the database; the nightly import of the new version creates
    the table empty: the derived tables do not count every case, so every month is rebuilt, and the
    dashboard would not take them as current either."""
    from minyi import dataset

    rng = np.random.default_rng(18)
    db_path = tmp_path / "db" / "m.duckdb"
    rows = _first_export(rng)
    import_into(db_path, [write_csv(tmp_path / "first.csv", HEADER, rows[:300])])
    with snapshot_files.publishing(db_path) as con:
        con.execute("drop table case_steps")
    import_into(db_path, [write_csv(tmp_path / "second.csv", HEADER, rows[300:])])
    assert len(touched) == 1  # the first import only: the second rebuilt every month
    assert dataset.derived_tables_current(snapshot_files.current_snapshot(db_path))
    _assert_as_rebuilt(db_path, tmp_path)


def test_a_nightly_import_rewrites_the_days_it_touches_in_the_per_case_tables(tmp_path, monkeypatch):
    """A province's month holds millions of cases, a nightly export a few days of them: case_facts and
    late_cases are rewritten for the days of receipt the import touched (a corrected case's old day
    too; late_cases for the cases it changed only, not those it re-sent unchanged), the monthly
    rollups for their whole months, and the tables come out as a rebuild's."""
    seen = []
    rewrite = derived.refresh_touched_case_months

    def recording(con):
        seen.append({table: [row[0] for row in con.execute(f"select * from {table} order by 1").fetchall()]
                     for table in ("touched_case_days", "whole_case_months", "touched_case_months")})
        touched = con.execute("select case_id from touched_cases").fetchall()
        seen[-1]["touched_cases"] = sorted(row[0] for row in touched)
        rewrite(con)

    monkeypatch.setattr(derived, "refresh_touched_case_months", recording)
    db_path = tmp_path / "db" / "m.duckdb"
    first = _first_export(np.random.default_rng(17))
    first.append(["L1", "2011-09-10 08:00", "新棉镇", "县城管局", "劳动保障", "网络", "", ""])  # open: late, untouched
    import_into(db_path, [write_csv(tmp_path / "first.csv", HEADER, first)])
    moved = [first[0][0], "2011-09-12 10:00", *first[0][2:]]  # received another day, by correction
    night = [["N1", "2011-09-10 09:00", "河口镇", "县住建局", "城乡建设", "电话", "", ""], moved, first[1]]
    import_into(db_path, [write_csv(tmp_path / "night.csv", HEADER, night)])
    old_day = dt.date.fromisoformat(first[0][1][:10])
    assert seen[-1] == {"touched_case_days": sorted({dt.date(2011, 9, 10), dt.date(2011, 9, 12), old_day}),
                        "touched_cases": sorted(["N1", first[0][0]]),  # first[1] re-sent unchanged
                        "whole_case_months": [],
                        "touched_case_months": sorted({dt.date(2011, 9, 1), old_day.replace(day=1)})}
    _assert_as_rebuilt(db_path, tmp_path)
    assert ("L1",) in query(db_path, "select case_id from late_cases")  # so the rebuild check bites
