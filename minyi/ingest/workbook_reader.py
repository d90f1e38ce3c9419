"""Reading workbook exports (.xlsx, .xlsm, .xls, .ods) through python_calamine.

Workbooks bring their own troubles: several sheets, some hidden; merged cells in the header and
down the data; numbers, dates and booleans where the importer wants text. This module turns each
sheet into text cells exactly as Excel shows them, and owns `cell_text`, the rule for how one
typed value reads as text (which the Parquet reader follows too).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from minyi import config
from minyi.ingest.headers import HEADER_SEARCH_ROWS, choose_header
from minyi.ingest.mapping import ExportError, Mapping
from minyi.ingest.raw_table import RawTable
from minyi.ingest.workbook_extent import check_sheet_sizes

# A merged range as calamine gives it: ((first row, first column), (last row, last column)), 0-based.
Merge = tuple[tuple[int, int], tuple[int, int]]


def read_workbook(path: Path, mapping: Mapping) -> list[RawTable]:
    """One table per visible, non-empty worksheet, or only `mapping.sheet`.

    A table's `sheet` is its sheet's name when the workbook has more than one non-empty visible
    sheet, with or without `mapping.sheet`, so the same file always gets the same labels.
    Hidden sheets (lists behind drop-downs, old versions) are read only when named.
    """
    check_sheet_sizes(path, config.import_memory_bytes())  # before calamine lays a sheet out as a grid
    try:
        with CalamineWorkbook.from_path(path) as book:
            worksheets = [s for s in book.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet]
            if mapping.sheet is not None and mapping.sheet not in [s.name for s in worksheets]:
                names = "、".join(f"「{s.name}」" for s in worksheets)
                raise ExportError(f"文件 {path.name}：找不到工作表「{mapping.sheet}」，这个工作簿的工作表有：{names}")
            visible = [s.name for s in worksheets if s.visible == SheetVisibleEnum.Visible]
            sheets = {name: book.get_sheet_by_name(name) for name in {*visible, mapping.sheet} - {None}}
            filled = [name for name in visible if _has_text(sheets[name])]
            if mapping.sheet is None and not filled:
                raise ExportError(f"文件 {path.name} 的工作表都是空的")
            several = len(filled) > 1
            return [_read_sheet(path, sheets[name], name if several else None, mapping)
                    for name in ([mapping.sheet] if mapping.sheet is not None else filled)]
    except (CalamineError, OSError) as error:  # a broken or password-protected workbook
        raise ExportError(f"文件 {path.name}：无法读取工作簿（{error}）") from None


def _has_text(sheet: CalamineSheet) -> bool:
    return any(cell_text(value) is not None for row in sheet.iter_rows() for value in row)


def _read_sheet(path: Path, sheet: CalamineSheet, label: str | None, mapping: Mapping) -> RawTable:
    rows = sheet.to_python(skip_empty_area=False)
    width = max(map(len, rows), default=0)
    if any(len(row) != width for row in rows):
        rows = [row + [""] * (width - len(row)) for row in rows]
    merges: list[Merge] = sheet.merged_cell_ranges or []  # None for .ods
    head = [[cell_text(value) for value in row] for row in rows[:HEADER_SEARCH_ROWS]]
    if not any(cell is not None for row in head for cell in row):
        raise ExportError(f"文件 {path.name} 的工作表「{sheet.name}」是空的")
    across = _fill_merged(head, merges)
    header_index, headers, found = choose_header(head, mapping.header_row, frozenset(mapping.columns), across)
    data = rows[header_index + 1:]
    _repeat_merged_down(data, merges, header_index + 1)
    columns = list(zip(*data)) if data else [()] * len(headers)
    table = pa.table({name: _text_array(column) for name, column in zip(headers, columns)})
    row_numbers = pa.array(range(header_index + 2, header_index + 2 + table.num_rows), type=pa.int32())
    return RawTable(path, headers, table, row_numbers, sheet=label, header_found=found)


def _fill_merged(head: list[list[str | None]], merges: list[Merge]) -> frozenset[tuple[int, int]]:
    """Give every cell of a merged range in `head` the range's text, as Excel shows it.

    Returns the cells of horizontal merges, so that choose_header can tell a parent over
    several columns (or a title) from a header merged down.
    """
    across = set()
    for (top, left), (bottom, right) in merges:
        if top >= len(head) or left >= len(head[top]):
            continue
        for row in range(top, min(bottom, len(head) - 1) + 1):
            for column in range(left, min(right, len(head[row]) - 1) + 1):
                head[row][column] = head[top][left]
                if right > left:
                    across.add((row, column))
    return frozenset(across)


def _repeat_merged_down(data: list[list[object]], merges: list[Merge], first_row: int) -> None:
    """In data rows (sheet row `first_row` onwards), a cell merged down over several rows
    (所属乡镇 for a group of cases) gives its value to every row of the range."""
    for (top, left), (bottom, _) in merges:
        if top < first_row or top - first_row >= len(data) or left >= len(data[0]):
            continue
        value = data[top - first_row][left]
        for row in range(top - first_row + 1, min(bottom - first_row, len(data) - 1) + 1):
            data[row][left] = value


def _text_array(values: tuple[object, ...]) -> pa.Array:
    """A workbook column as text; blank cells become null. Text-only columns never go cell by cell."""
    try:
        array = pa.array(values, type=pa.string())
    except pa.ArrowTypeError:  # numbers, dates or booleans among the cells
        return pa.array([v if type(v) is str and v.strip() else cell_text(v) for v in values], type=pa.string())
    blank = pc.or_(pc.equal(array, ""), pc.utf8_is_space(array))
    return pc.if_else(blank, pa.scalar(None, pa.string()), array)


def cell_text(value: object) -> str | None:
    """A workbook cell as the text a person sees: 12 not 12.0, dates in ISO form.

    A whole number of 1e15 or more keeps its float form (1.1010119900101123e+17): Excel has
    already lost its last digits, and validation refuses it rather than store a wrong id.
    """
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None
