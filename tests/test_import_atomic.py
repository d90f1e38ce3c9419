"""A failed or interrupted import leaves the published database exactly as it was.

Imports run in one transaction on a private copy that is published by swinging a symbolic
link (minyi.snapshot_files.publishing), so readers never see half an import either.
"""

from __future__ import annotations

import pytest

from minyi import db, snapshot_files
from minyi.__main__ import main
from minyi.ingest import pipeline
from minyi.ingest.mapping import ExportError
from tests.export_files import NOW, all_rows, database_files, deadline_rules, import_into, query, write_csv

HEADER = ["工单编号", "受理时间", "所属乡镇", "回访结果"]


@pytest.fixture
def published(tmp_path):
    """A database with two complaints already published, and two good exports to import next."""
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [write_csv(tmp_path / "工单0301.csv", HEADER, [
        ["G1", "2024-03-01 09:00", "新棉镇", None],
        ["G2", "2024-03-02 09:00", "城关镇", None],
    ])])
    first = write_csv(tmp_path / "工单0310.csv", HEADER, [
        ["G1", "2024-03-01 09:00", "新棉镇", "满意"],    # would update
        ["G3", "2024-03-09 09:00", "新棉镇", None],      # would be new
        ["G4", "2024-03-09 09:00", "新棉镇", "很好"],    # would be quarantined
    ])
    second = write_csv(tmp_path / "工单0320.csv", HEADER, [["G5", "2024-03-19 09:00", "金山乡", None]])
    return db_path, first, second


def assert_untouched(db_path, before_rows, before_files):
    assert all_rows(db_path) == before_rows
    assert database_files(db_path) == before_files
    assert not (db_path.parent / "quarantine").exists()


def test_unmappable_second_file_fails_whole_cli_import(published, tmp_path, monkeypatch, capsys):
    db_path, first, _ = published
    monkeypatch.setenv("MINYI_HOLIDAYS", str(tmp_path / "no-holidays.toml"))
    unmappable = write_csv(tmp_path / "导出.csv", ["单号", "日期", "街道", "备注"], [["A1", "2024-03-05", "新棉", "x"]])
    before_rows, before_files = all_rows(db_path), database_files(db_path)

    status = main(["import", str(first), str(unmappable), "--db", str(db_path)])

    assert status == 2
    error = capsys.readouterr().err
    assert error.startswith("导入失败，数据库未作任何改动：文件 导出.csv：")
    assert "找不到必需的列 case_id（编号）、received_at（受理时间）" in error
    # no row names a known column, so the first row might be data: its cells are not quoted
    assert "找不到表头行" in error and "header_row" in error
    assert not any(cell in error for cell in ("单号", "日期", "街道", "备注", "A1", "新棉"))
    assert_untouched(db_path, before_rows, before_files)


def test_unmappable_file_raises_before_anything_is_published(published, tmp_path):
    db_path, first, _ = published
    unmappable = write_csv(tmp_path / "导出.csv", ["单号", "受理时间"], [["A1", "2024-03-05"]])
    before_rows, before_files = all_rows(db_path), database_files(db_path)
    with pytest.raises(ExportError, match="导出.csv.*case_id（编号）.*未识别的列：单号"):
        import_into(db_path, [first, unmappable])
    assert_untouched(db_path, before_rows, before_files)


def fail_on_second_call(function, exception, when=lambda *args, **kwargs: True):
    """`function`, except that its second matching call raises `exception` (the first file got through)."""
    calls = []

    def wrapper(*args, **kwargs):
        if when(*args, **kwargs):
            calls.append(args)
            if len(calls) == 2:
                raise exception
        return function(*args, **kwargs)

    return wrapper


@pytest.mark.parametrize("crash", ["rejected_rows", "insert_cases"])
def test_crash_in_the_middle_leaves_database_unchanged(published, monkeypatch, crash):
    db_path, first, second = published
    if crash == "rejected_rows":
        monkeypatch.setattr(pipeline, "rejected_rows",
                            fail_on_second_call(pipeline.rejected_rows, RuntimeError("断电")))
        expected = RuntimeError
    else:
        monkeypatch.setattr(db, "execute", fail_on_second_call(
            db.execute, KeyboardInterrupt(), when=lambda con, name, **params: name == "import/insert_cases"))
        expected = KeyboardInterrupt
    before_rows, before_files = all_rows(db_path), database_files(db_path)

    with pytest.raises(expected):
        import_into(db_path, [first, second])

    assert_untouched(db_path, before_rows, before_files)
    monkeypatch.undo()
    report = import_into(db_path, [first, second])  # the lock was released and the next import works
    assert (report.total("rows_new"), report.total("rows_updated")) == (2, 1)


def test_reader_keeps_its_snapshot_while_imports_publish_new_ones(published):
    db_path, first, second = published
    before = db.open_reader(db_path)
    try:
        import_into(db_path, [first])
        after_first = db.open_reader(db_path)
        try:
            for _ in range(3):  # enough imports to delete the old reader's file
                import_into(db_path, [second])
            assert before.execute("select count(*) from cases").fetchone() == (2,)
            assert after_first.execute("select count(*) from cases").fetchone() == (3,)
        finally:
            after_first.close()
    finally:
        before.close()
    assert query(db_path, "select count(*) from cases") == [(4,)]
    assert len(list(snapshot_files.snapshot_dir(db_path).glob("*.duckdb"))) == 2  # the published one and the one before


def test_a_crashed_writer_leaves_no_files_behind_after_the_next_import(published):
    """A writer killed mid-import (kill -9) leaves its work file; the next publish removes it and
    keeps the previously published snapshot."""
    db_path, first, _ = published
    stale = snapshot_files.snapshot_dir(db_path) / "m-19990101T000000-1-1.duckdb"
    stale.write_bytes(b"half an import")
    stale.with_name(stale.name + ".wal").write_bytes(b"wal")
    previous = snapshot_files.current_snapshot(db_path)
    import_into(db_path, [first])
    files = set(snapshot_files.snapshot_dir(db_path).iterdir())
    assert files == {previous, snapshot_files.current_snapshot(db_path)}


def test_reader_does_not_see_a_failed_import(published, tmp_path):
    db_path, first, _ = published
    reader = db.open_reader(db_path)
    try:
        with pytest.raises(ExportError):
            import_into(db_path, [first, write_csv(tmp_path / "空.csv", ["备注"], [["x"]])])
        assert reader.execute("select count(*) from cases").fetchone() == (2,)
        assert query(db_path, "select count(*) from cases") == [(2,)]
    finally:
        reader.close()


def test_transaction_alone_undoes_a_failed_import_on_the_callers_connection(tmp_path):
    """Without publishing (an in-memory database), the import's own transaction is what protects the data."""
    con = db.connect(":memory:")
    good = write_csv(tmp_path / "工单.csv", HEADER, [["G1", "2024-03-01", "新棉镇", None]])
    more = write_csv(tmp_path / "工单2.csv", HEADER, [["G2", "2024-03-02", "金山乡", None]])
    bad = write_csv(tmp_path / "导出.csv", ["单号"], [["A1"]])
    pipeline.import_files(con, [good], now=NOW, rules=deadline_rules(tmp_path / "none.toml"))
    before = {t: con.execute(f"select * from {t} order by all").fetchall() for t in ("cases", "imports", "townships")}
    with pytest.raises(ExportError):
        pipeline.import_files(con, [more, bad], now=NOW, rules=deadline_rules(tmp_path / "none.toml"))
    assert {t: con.execute(f"select * from {t} order by all").fetchall() for t in before} == before
