"""A database grown past MINYI_CURRENT_PART_CASES keeps its settled months of cases in history parts
that no import rewrites: read through them it holds exactly what the same imports give in one file,
after new cases, corrections to a month already in a part, a re-import that changes nothing, a rename
of a township, and parts merged once there are too many; and a writer killed after writing a part
leaves the published database as it was."""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pandas as pd
import pytest

from minyi import db, metrics, parts, snapshot_files
from minyi.ingest.mapping import load_mapping
from minyi.periods import Period
from minyi.scope import Scope
from tests.export_files import import_into, write_csv

HEADER = ["工单编号", "来电时间", "所属街镇", "承办单位", "诉求类型", "受理渠道", "办结时间", "回访结果"]
PERIODS = [Period(dt.date(2011, 1, 1), dt.date(2011, 12, 31)), Period(dt.date(2012, 1, 1), dt.date(2012, 6, 15)),
           Period(dt.date(2012, 5, 1), dt.date(2012, 5, 31))]


def _export(rng, first: int, count: int, start: dt.datetime, days: int) -> list[list]:
    rows = []
    for i in range(first, first + count):
        received = start + dt.timedelta(minutes=int(rng.integers(0, days * 24 * 60)))
        closed = received + dt.timedelta(hours=int(rng.integers(1, 50 * 24))) if rng.random() < 0.75 else None
        rows.append([f"G{i:06d}", f"{received:%Y-%m-%d %H:%M}", rng.choice(["河口镇", "城关街道", "新棉"]),
                     rng.choice(["县住建局", "县城管局"]), rng.choice(["城乡建设", "劳动保障"]), "电话",
                     "" if closed is None else f"{closed:%Y-%m-%d %H:%M}", rng.choice(["满意", "不满意"]) if closed else ""])
    return rows


def _exports(tmp_path) -> list[list]:
    """A first export of 18 months, then nightly-like exports: new months, a correction and a
    closure in a settled month, and the last one again."""
    rng = np.random.default_rng(151)
    first = _export(rng, 0, 1500, dt.datetime(2011, 1, 1), 546)
    later = _export(rng, 5000, 200, dt.datetime(2012, 7, 1), 30)
    fixed = [list(row) for row in first[:3]]
    fixed[0][1] = "2011-02-20 10:00"                 # received another month, by correction
    fixed[1][6], fixed[1][7] = "2012-07-20 09:00", "满意"  # closed at last
    july = later + fixed
    august = _export(rng, 6000, 200, dt.datetime(2012, 8, 1), 31)
    return [first, july, august, august]


def _tables(path) -> dict[str, pd.DataFrame]:
    con = db.connect(snapshot_files.current_snapshot(path), read_only=True)
    try:
        tables = {}
        for table in parts.CASE_TABLES:
            frame = con.execute(f"select * exclude (import_id, source_file, source_row) from {table}"
                                if table == "cases" else f"select * from {table}").df()
            columns = sorted(frame.columns)
            tables[table] = frame[columns].sort_values(columns, na_position="first", ignore_index=True)
        return tables
    finally:
        con.close()


def _headline(path) -> list[pd.DataFrame]:
    snapshot = snapshot_files.current_snapshot(path)
    reader = db.SnapshotReader(db.cursor(db.connect(snapshot, read_only=True)), str(snapshot))
    return [metrics.headline(reader, Scope(period), by="township", comparisons=("last_year",)) for period in PERIODS]


def _assert_same(with_parts, one_file):
    for table, frame in _tables(one_file).items():
        pd.testing.assert_frame_equal(_tables(with_parts)[table], frame, check_dtype=False, obj=table)
    for split, whole in zip(_headline(with_parts), _headline(one_file)):
        pd.testing.assert_frame_equal(split, whole)


def _physical_cases(path) -> int:
    con = db.connect(snapshot_files.current_snapshot(path), read_only=True)
    try:
        current = con.execute("select current_database()").fetchone()[0]
        return con.execute(f'select count(*) from "{current}".main.cases').fetchone()[0]
    finally:
        con.close()


def _owned_months(path) -> set[tuple[str, dt.date]]:
    """(part, month) for each month a history part owns."""
    con = db.connect(snapshot_files.current_snapshot(path), read_only=True)
    try:
        return {(part, month) for part, (_, months) in parts.owned(con).items() for month in months}
    finally:
        con.close()


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "300")


def test_parts_hold_what_one_file_holds_through_every_kind_of_import(tmp_path, small_parts, monkeypatch):
    exports = [write_csv(tmp_path / f"e{n}.csv", HEADER, rows) for n, rows in enumerate(_exports(tmp_path))]
    # August's export has no closure or callback column: its cases' closures are unknown, the others' known
    exports[2] = exports[3] = write_csv(tmp_path / "e2.csv", HEADER[:6], [row[:6] for row in _exports(tmp_path)[2]])
    with_parts, one_file = tmp_path / "parts" / "m.duckdb", tmp_path / "one" / "m.duckdb"

    import_into(with_parts, exports[:1])
    monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "100000000")
    import_into(one_file, exports[:1])
    monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "300")
    con = db.connect(snapshot_files.current_snapshot(with_parts), read_only=True)
    listed = parts.owned(con)
    con.close()
    assert len(listed) == 1 and len(next(iter(listed.values()))[1]) == 15  # all but the latest 3 months
    assert _physical_cases(with_parts) < 400
    part_file = snapshot_files.snapshot_dir(with_parts.absolute()) / next(iter(listed.values()))[0]
    digest = _digest(part_file)
    _assert_same(with_parts, one_file)

    for export in exports[1:]:
        import_into(with_parts, [export])
        monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "100000000")
        import_into(one_file, [export])
        monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "300")
        _assert_same(with_parts, one_file)
    assert _digest(part_file) == digest  # never written again: its corrected months are read from newer places

    mapping = tmp_path / "m.toml"
    mapping.write_text('[township_aliases]\n"新棉" = "新棉镇"\n', encoding="utf-8")
    import_into(with_parts, exports[3:], mapping=load_mapping(mapping))
    monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "100000000")
    import_into(one_file, exports[3:], mapping=load_mapping(mapping))
    _assert_same(with_parts, one_file)

    # the mapping file stays (a nightly job passes it every time): with nothing left under the old
    # name, no part's month comes back
    monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "300")
    owned_before = _owned_months(with_parts)
    nightly = write_csv(tmp_path / "n.csv", HEADER, [["N1", "2012-08-30 10:00", "新棉", "县住建局", "城乡建设", "电话", "", ""]])
    import_into(with_parts, [nightly], mapping=load_mapping(mapping))
    assert _owned_months(with_parts) == owned_before and owned_before


def test_too_many_parts_are_merged_and_the_old_files_removed(tmp_path, small_parts, monkeypatch):
    monkeypatch.setattr(parts, "MAX_PARTS", 2)
    monkeypatch.setattr(parts, "KEEP_MONTHS", 1)
    rng = np.random.default_rng(152)
    path, one_file = tmp_path / "parts" / "m.duckdb", tmp_path / "one" / "m.duckdb"
    for month in range(1, 7):
        rows = _export(rng, month * 1000, 400, dt.datetime(2012, month, 1), 28)
        export = write_csv(tmp_path / f"m{month}.csv", HEADER, rows)
        monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "300")
        import_into(path, [export])
        monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "100000000")
        import_into(one_file, [export])
    con = db.connect(snapshot_files.current_snapshot(path), read_only=True)
    listed = parts.owned(con)
    con.close()
    assert 1 <= len(listed) <= 2
    on_disk = {file.name for file in snapshot_files.snapshot_dir(path.absolute()).glob("*.part.duckdb")}
    referenced = parts.files(snapshot_files.current_snapshot(path))
    assert referenced <= on_disk and len(on_disk) <= 2 * 2  # those of the published and the previous snapshot
    _assert_same(path, one_file)


def test_a_writer_killed_after_writing_a_part_changes_nothing(tmp_path, small_parts, monkeypatch):
    rows = _export(np.random.default_rng(153), 0, 800, dt.datetime(2011, 1, 1), 300)
    path = tmp_path / "db" / "m.duckdb"
    settle = parts.settle

    def killed(con):
        settle(con)
        raise KeyboardInterrupt  # as if killed between writing the part and publishing

    monkeypatch.setattr(parts, "settle", killed)
    with pytest.raises(KeyboardInterrupt):
        import_into(path, [write_csv(tmp_path / "a.csv", HEADER, rows)])
    assert snapshot_files.current_snapshot(path) is None
    monkeypatch.setattr(parts, "settle", settle)
    import_into(path, [write_csv(tmp_path / "b.csv", HEADER, rows[:10])])
    folder = snapshot_files.snapshot_dir(path.absolute())
    assert {file.name for file in folder.glob("*.part.duckdb")} == parts.files(snapshot_files.current_snapshot(path)) == set()
    con = db.connect(snapshot_files.current_snapshot(path), read_only=True)
    assert con.execute("select count(*) from cases").fetchone()[0] == 10
    con.close()


def test_a_reader_opened_before_an_import_keeps_its_parts(tmp_path, small_parts):
    rng = np.random.default_rng(154)
    path = tmp_path / "db" / "m.duckdb"
    import_into(path, [write_csv(tmp_path / "a.csv", HEADER, _export(rng, 0, 800, dt.datetime(2011, 1, 1), 300))])
    reader = db.cursor(db.connect(snapshot_files.current_snapshot(path), read_only=True))
    before = reader.execute("select count(*) from case_facts").fetchone()[0]
    for n in range(3):  # enough publishes to prune what the reader's snapshot read
        rows = _export(rng, 10_000 * (n + 1), 400, dt.datetime(2012, 1 + n * 3, 1), 80)
        import_into(path, [write_csv(tmp_path / f"b{n}.csv", HEADER, rows)])
    assert reader.execute("select count(*) from case_facts").fetchone()[0] == before == 800


def test_rebuilding_the_derived_tables_brings_every_month_back(tmp_path, small_parts, monkeypatch):
    """An older version's derived tables are rebuilt from all cases: the parts' months come back
    into the current part first (their derived rows are the older version's too)."""
    from minyi.ingest.publish import refresh_derived

    rows = _export(np.random.default_rng(155), 0, 900, dt.datetime(2011, 1, 1), 400)
    with_parts, one_file = tmp_path / "parts" / "m.duckdb", tmp_path / "one" / "m.duckdb"
    import_into(with_parts, [write_csv(tmp_path / "a.csv", HEADER, rows)])
    monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "100000000")
    import_into(one_file, [write_csv(tmp_path / "a.csv", HEADER, rows)])
    refresh_derived(with_parts)
    con = db.connect(snapshot_files.current_snapshot(with_parts), read_only=True)
    assert parts.owned(con) == {}
    con.close()
    assert _physical_cases(with_parts) == 900
    _assert_same(with_parts, one_file)


def test_a_database_named_with_dots_settles(tmp_path, small_parts):
    """DuckDB names a file's catalog by the text before its first dot."""
    rows = _export(np.random.default_rng(156), 0, 800, dt.datetime(2011, 1, 1), 300)
    path = tmp_path / "db" / "qinglan.v2.duckdb"
    import_into(path, [write_csv(tmp_path / "a.csv", HEADER, rows)])
    assert _owned_months(path)
    con = db.connect(snapshot_files.current_snapshot(path), read_only=True)
    assert con.execute("select count(*) from cases").fetchone()[0] == 800
    con.close()


def test_the_copy_is_rewritten_compacted_only_when_most_of_it_moved(tmp_path, small_parts, monkeypatch):
    """The first settle moves most of the current part (it is then written compacted); a month moving
    out of a larger current part later leaves room the next imports fill, and the copy is published
    as it is, not rewritten (the cost of a province's first import of each month)."""
    compacted = []
    rewrite = snapshot_files._compacted
    monkeypatch.setattr(snapshot_files, "_compacted", lambda work, fresh: compacted.append(work) or rewrite(work, fresh))
    rng = np.random.default_rng(152)
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [write_csv(tmp_path / "first.csv", HEADER, _export(rng, 0, 1500, dt.datetime(2011, 1, 1), 546))])
    assert len(compacted) == 1  # 15 of 18 months moved
    months = len(_owned_months(db_path))
    import_into(db_path, [write_csv(tmp_path / "july.csv", HEADER, _export(rng, 5000, 120, dt.datetime(2012, 7, 1), 30))])
    assert len(_owned_months(db_path)) == months + 1  # April 2012 moved: a quarter of the current part
    assert len(compacted) == 1
    monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "100000000")
    one_file = tmp_path / "one" / "m.duckdb"
    import_into(one_file, [tmp_path / "first.csv"])
    import_into(one_file, [tmp_path / "july.csv"])
    _assert_same(db_path, one_file)
