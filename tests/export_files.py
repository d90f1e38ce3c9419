"""Small hand-made exports for the importer tests, and a way to import them like the CLI does.

Each writer takes a header and rows of cells (None = empty cell) and writes them in one of
the formats counties send: CSV in a given encoding, .xlsx, .xls, Parquet. Fixtures are
written into the test's tmp_path, so every test shows its whole input at a glance.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import xlwt

from minyi import db, snapshot_files
from minyi.ingest.pipeline import DeadlineRules, ImportReport, import_files

# Import time used by the tests, so "in the future" does not depend on the day the suite runs.
NOW = dt.datetime(2026, 6, 30, 18, 0)

# A 12345 complaint export in its usual shape, personal-data columns included.
COMPLAINT_HEADER = ["工单编号", "受理时间", "所属乡镇", "承办单位", "诉求类型", "诉求内容", "来电人", "联系电话",
                    "办理时限", "办结时间", "回访结果", "是否重复件"]


def write_csv(path: Path, header: list[str] | None, rows: list[list[Any]], encoding: str = "utf-8",
              title: str | None = None) -> Path:
    """A CSV as exported: optional title line above the header, empty cells for None."""
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        if title is not None:
            writer.writerow([title])
        if header is not None:
            writer.writerow(header)
        writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], title: str | None = None,
               sheet: str = "Sheet1") -> Path:
    """An .xlsx workbook; datetime cells get a date format, numbers stay numeric cells."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title is not None:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def write_xlsx_two_row_header(path: Path, rows: list[list[Any]]) -> Path:
    """The common government layout: a title row, then a two-row header with merged cells.

    Row 1: title merged across. Rows 2-3: 工单编号, 受理时间, 所属乡镇, 办理时限, 来电人 each merged
    vertically; 办理情况 merged over 办结时间 and 回访结果. Data starts on sheet row 4, with the
    cells in this order: 工单编号, 受理时间, 所属乡镇, 办理时限, 办结时间, 回访结果, 来电人.
    """
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "工单明细"
    ws.append(["某县12345热线工单明细表（2024年3月）"])
    ws.append(["工单编号", "受理时间", "所属乡镇", "办理时限", "办理情况", None, "来电人"])
    ws.append([None, None, None, None, "办结时间", "回访结果", None])
    ws.merge_cells("A1:G1")
    for column in "ABCDG":
        ws.merge_cells(f"{column}2:{column}3")
    ws.merge_cells("E2:F2")
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def write_xls(path: Path, header: list[str], rows: list[list[Any]], title: str | None = None) -> Path:
    """An old-style .xls workbook (as many 信访 systems still export), dates as date cells."""
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm")
    offset = 0
    if title is not None:
        ws.write_merge(0, 0, 0, len(header) - 1, title)
        offset = 1
    for column, name in enumerate(header):
        ws.write(offset, column, name)
    for index, row in enumerate(rows, start=offset + 1):
        for column, cell in enumerate(row):
            if isinstance(cell, dt.datetime):
                ws.write(index, column, cell, date_style)
            elif cell is not None:
                ws.write(index, column, cell)
    book.save(str(path))
    return path


def write_parquet(path: Path, columns: dict[str, pa.Array]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def deadline_rules(holidays_file: Path) -> DeadlineRules:
    """The default 口径 (60 days, +30 extension, 5 working days) with an explicit holidays file."""
    return DeadlineRules(petition_days=60, extension_days=30, complaint_working_days=5, holidays_file=holidays_file)


def import_into(db_path: Path, files: list[Path], now: dt.datetime = NOW, holidays_file: Path | None = None,
                **options: Any) -> ImportReport:
    """Import into a published database file as the CLI does, quarantine folder next to it.

    The holidays file defaults to one that does not exist, so a developer's data/holidays.toml
    never changes a test's deadlines.
    """
    holidays_file = holidays_file or db_path.parent / "no-holidays.toml"
    with snapshot_files.publishing(db_path) as con:
        return import_files(con, list(files), quarantine_dir=db_path.parent / "quarantine", now=now,
                            rules=deadline_rules(holidays_file), **options)


def query(db_path: Path, sql: str, **params: Any) -> list[tuple]:
    """Rows of `sql` on the published snapshot, read like the dashboard reads it."""
    con = db.open_reader(db_path)
    try:
        return con.execute(sql, params or None).fetchall()
    finally:
        con.close()


def cases_by_id(db_path: Path) -> dict[str, dict[str, Any]]:
    """Stored cases as plain Python values (datetime, date, bool, None), keyed by case_id."""
    con = db.open_reader(db_path)
    try:
        cursor = con.execute("select * from cases order by case_id")
        names = [column[0] for column in cursor.description]
        return {row[1]: dict(zip(names, row)) for row in cursor.fetchall()}
    finally:
        con.close()


def read_quarantine(report: ImportReport) -> dict[str, list[dict[str, str]]]:
    """Quarantine CSVs of an import, by file name, each row as {header: text} (行号, 原因, cells)."""
    assert report.quarantine_dir is not None, "the import wrote no quarantine folder"
    result = {}
    for path in sorted(report.quarantine_dir.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            result[path.name] = list(csv.DictReader(handle))
    return result


def database_files(db_path: Path) -> list[str]:
    """Every file the publishing machinery keeps next to `db_path` (snapshots, links, WAL files)."""
    folder = db_path.parent
    names = [p.name for p in folder.iterdir() if p.name != "quarantine" and not p.name.startswith("minyi-accounts")]
    snapshots = snapshot_files.snapshot_dir(db_path)
    if snapshots.exists():
        names += [f"{snapshots.name}/{p.name}" for p in snapshots.iterdir()]
    return sorted(names)


def all_rows(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table in the published snapshot, sorted, keyed by table name."""
    con = db.open_reader(db_path)
    try:
        tables = [name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' order by 1").fetchall()]
        return {name: con.execute(f'select * from "{name}" order by all').fetchall() for name in tables}
    finally:
        con.close()


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]], merged: dict[str, list[str]] | None = None,
                   hidden: tuple[str, ...] = ()) -> Path:
    """An .xlsx or .xls workbook (by the suffix of `path`) with one sheet per entry, rows from sheet
    row 1, None for an empty cell; `merged` lists each sheet's merged ranges ("C2:C4"), whose cells
    other than the top-left one should be None, as Excel keeps them; `hidden` names hidden sheets."""
    merged = merged or {}
    if path.suffix == ".xls":
        book = xlwt.Workbook(encoding="utf-8")
        for name, rows in sheets.items():
            ws = book.add_sheet(name, cell_overwrite_ok=True)
            ws.visibility = int(name in hidden)
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    if cell is not None:
                        ws.write(r, c, cell)
            for cells in merged.get(name, []):
                first_col, first_row, last_col, last_row = openpyxl.utils.range_boundaries(cells)
                ws.merge(first_row - 1, last_row - 1, first_col - 1, last_col - 1)
        book.save(str(path))
        return path
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in merged.get(name, []):
            ws.merge_cells(cells)
        if name in hidden:
            ws.sheet_state = "hidden"
    book.save(path)
    return path


def imported_database(folder: Path, file_name: str, header: list[str], rows: list[list[Any]]) -> Path:
    """`rows` written as the CSV export `file_name` and imported through the CLI, as a county
    would, into `folder`/minyi.duckdb (for fixtures whose pages and CLI runs share one database)."""
    from minyi.__main__ import main

    export = write_csv(folder / file_name, header, rows)
    path = folder / "minyi.duckdb"
    assert main(["import", str(export), "--db", str(path)]) == 0
    return path


def cli_import(folder: Path, name: str, header: list[str] | None, rows: list[list[Any]], *options: str):
    """Write rows as a CSV export in `folder` and import it with the command line into folder/minyi.duckdb
    (the completed process: its exit code and printed summary)."""
    import subprocess
    import sys

    export = write_csv(folder / name, header, rows)
    return subprocess.run([sys.executable, "-m", "minyi", "import", str(export), "--db", str(folder / "minyi.duckdb"),
                           *options], capture_output=True, text=True)


def stored_rows(path: Path, sql: str) -> list[tuple]:
    """The rows of a query on the published database at `path`."""
    con = db.open_reader(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
