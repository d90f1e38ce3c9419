"""Reading one export file into text columns, wherever its real header row is.

Counties export from many systems: workbooks with a title row, merged header cells and
several sheets; CSV in UTF-8 (with or without BOM), GBK or UTF-16, comma- or tab-separated;
"Excel" files that are really text or web pages; Parquet from a data platform. Every cell is
read as text, exactly as shown, so that validation (not the reader) decides what a value
means and can quote it back in a rejection message.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from minyi.ingest.fields import known_header, normalise_header
from minyi.ingest.mapping import ExportError, Mapping

HEADER_SEARCH_ROWS = 30
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt")
CHINA_TIME = "Asia/Shanghai"

# A merged range as calamine gives it: ((first row, first column), (last row, last column)), 0-based.
Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class RawTable:
    """Text cells of one export: one column per header, plus the sheet row number of each row."""

    file: Path
    headers: list[str]
    table: pa.Table
    row_numbers: pa.Array
    malformed: list[tuple[int, str]] = field(default_factory=list)
    sheet: str | None = None  # the worksheet's name, when a workbook has several

    @property
    def label(self) -> str:
        """How messages and the database name this table's origin: 导出.xlsx or 导出.xlsx「2月」."""
        return f"{self.file.name}「{self.sheet}」" if self.sheet else self.file.name


def read_export(path: Path, mapping: Mapping) -> list[RawTable]:
    """The tables of one export file: one, or one per non-empty sheet of a workbook.

    The file's first bytes decide how it is read, not its name: an .xls that is really
    tab-separated text is read as text, and one that is really a web page is refused with advice.
    """
    suffix = path.suffix.lower()
    if not path.exists():
        raise ExportError(f"文件不存在：{path}")
    if suffix == ".parquet":
        return [_read_parquet(path)]
    if suffix not in WORKBOOK_SUFFIXES + TEXT_SUFFIXES:
        raise ExportError(f"文件 {path.name}：不支持的格式「{suffix}」，支持 .xlsx .xls .csv .parquet")
    content = _sniff(path)
    if content == "web page":
        raise ExportError(
            f"文件 {path.name} 虽然扩展名是 {suffix}，实际上是网页（HTML/XML）格式，不是 Excel 工作簿。"
            "请用 Excel 打开它，另存为「Excel 工作簿（.xlsx）」后再导入。"
        )
    if content == "workbook":
        return _read_workbook(path, mapping)
    return [_read_csv(path, mapping)]


def _sniff(path: Path) -> str:
    """What the file really is: a "workbook" (zip or OLE container), a "web page" (HTML, XML, MHT) or "text"."""
    with open(path, "rb") as handle:
        start = handle.read(4096)
    if start.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
        return "workbook"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    if b"\0" in start:
        return "workbook"  # binary: let the workbook reader say what is wrong with it
    opening = start.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if opening.startswith((b"<", b"mime-version")):
        return "web page"
    return "text"


# --- header ----------------------------------------------------------------------------


def choose_header(
    rows: list[list[str]],
    fixed_row: int | None = None,
    mapped: frozenset[str] = frozenset(),
    merged_across: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[int, list[str]]:
    """Index of the header row among the first rows, and the header names.

    A name is read together with the cell above it, so a two-row header names every column:
    an empty cell takes the text above it (办理情况 left empty under a vertical merge), and a
    cell under a parent (受理 merged over 时间 and 渠道) becomes parent + child when that is a
    known header (受理时间, 受理渠道); 办理情况 over 办结时间 stays 办结时间. Cells in
    `merged_across` (row, column) belong to a horizontal merge, such as a title across the sheet:
    an empty cell under one stays unnamed. The header is the row that, so read, names the most
    known columns (built-in aliases, or the normalised headers `mapped` by a mapping file), the
    first one on a tie; duplicate names get a numeric suffix.
    """
    if fixed_row is not None:
        index = fixed_row - 1
    else:
        scores = [
            sum(_is_known(name, mapped) for name in _header_names(rows, i, mapped, merged_across))
            for i in range(min(len(rows), HEADER_SEARCH_ROWS))
        ]
        index = scores.index(max(scores)) if scores and max(scores) > 0 else 0
    if index >= len(rows):
        raise ExportError(f"表头行 {index + 1} 超出文件行数")
    names = _header_names(rows, index, mapped, merged_across)
    return index, _deduplicate([name or f"第{position + 1}列" for position, name in enumerate(names)])


def _header_names(rows: list[list[str]], index: int, mapped: frozenset[str],
                  merged_across: frozenset[tuple[int, int]]) -> list[str]:
    above = rows[index - 1] if index > 0 else []
    names = []
    for position, cell in enumerate(rows[index]):
        name = (cell or "").strip()
        parent = (above[position] or "").strip() if position < len(above) else ""
        if not name:
            name = "" if (index - 1, position) in merged_across else parent
        elif parent and parent != name and _is_known(parent + name, mapped):
            name = parent + name
        names.append(name)
    return names


def _is_known(name: str, mapped: frozenset[str]) -> bool:
    return known_header(name) or normalise_header(name) in mapped


def _deduplicate(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return result


# --- CSV and other delimited text ------------------------------------------------------


def decode_csv(data: bytes, file: Path) -> str:
    """UTF-8 (BOM optional) first; UTF-16 with a BOM; GB18030, a superset of GBK, otherwise."""
    return _decode_csv(data, file)[0]


def _decode_csv(data: bytes, file: Path) -> tuple[str, bytes]:
    """The text of `data`, and that text as UTF-8: `data` itself (less a BOM) when it is UTF-8 already."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        text = _decode(data, "utf-16", file)
        return text, text.encode("utf-8")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError as error:
        utf8_error = error
    valid = data[:utf8_error.start]
    if len(valid) - len(valid.decode("utf-8")) >= 16:
        # Many Chinese characters read as UTF-8 before the bad bytes: a damaged UTF-8 file, which
        # GB18030 would turn into nonsense rather than refuse.
        raise _undecodable(data, utf8_error, file)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise _undecodable(data, max(utf8_error, error, key=lambda e: e.start), file) from None
    return text, text.encode("utf-8")


def _decode(data: bytes, encoding: str, file: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _undecodable(data, error, file) from None


def _undecodable(data: bytes, error: UnicodeDecodeError, file: Path) -> ExportError:
    line = data.count(b"\n", 0, error.start) + 1
    return ExportError(
        f"文件 {file.name}：第 {line} 行附近有无法识别的文字（字节 {error.object[error.start:error.end].hex(' ')}），"
        "文件应为 UTF-8 或 GBK 编码。请检查这一行，或用 Excel 打开后另存为「CSV UTF-8」再导入。"
    )


def _first_lines(text: str, count: int) -> list[str]:
    """The first `count` lines of `text`, split where pyarrow splits them (\\r\\n, \\n or \\r)."""
    size = 1 << 16
    while True:
        lines = re.split(r"\r\n|\r|\n", text[:size])
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


def _read_csv(path: Path, mapping: Mapping) -> RawTable:
    text, utf8 = _decode_csv(path.read_bytes(), path)
    lines = _first_lines(text, HEADER_SEARCH_ROWS + 1)  # one more, to see whether the header is the last line
    del text  # pyarrow reads the UTF-8 bytes; the text would double the memory held
    delimiter = "\t" if sum(line.count("\t") for line in lines) > sum(line.count(",") for line in lines) else ","
    head, lines_read = _head_records(lines, delimiter)
    if not any(cell.strip() for record in head for cell in record):
        raise ExportError(f"文件 {path.name} 是空文件")
    header_index, headers = choose_header(head, mapping.header_row, frozenset(mapping.columns))
    header_lines = lines_read[header_index]  # more than header_index + 1 when a cell above holds line breaks
    if header_lines >= len(lines):  # the header is the last line
        empty = pa.table({name: pa.array([], pa.string()) for name in headers})
        return RawTable(path, headers, empty, pa.array([], pa.int32()))
    invalid: list[tuple[int | None, str]] = []

    def skip_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(utf8),
            # Serial reading is as fast here, and only then does pyarrow number the rows it skips.
            read_options=pacsv.ReadOptions(skip_rows=header_lines, column_names=headers, block_size=1 << 24,
                                           use_threads=False),
            # A blank line is a row in a spreadsheet too: it must not be skipped, or later rows get wrong numbers.
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=skip_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in headers},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as error:
        raise ExportError(f"文件 {path.name}：无法按 CSV 读取（{error}）") from None
    numbered = _number_rows(table.num_rows, invalid, header_index, header_lines, delimiter)
    if numbered is None:
        return _read_csv_row_by_row(path, utf8.decode("utf-8"), header_index, headers, delimiter)
    row_numbers, malformed = numbered
    return RawTable(path, headers, table, row_numbers, malformed)


def _head_records(lines: list[str], delimiter: str) -> tuple[list[list[str]], list[int]]:
    """The records of the first lines, and after each record how many lines have been read."""
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    records, lines_read = [], []
    try:
        for record in reader:
            records.append(record)
            lines_read.append(reader.line_num)
    except csv.Error:  # a quoted value left open where the first lines were cut off
        pass
    return records, lines_read


def _number_rows(kept: int, invalid: list[tuple[int | None, str]], header_index: int, header_lines: int,
                 delimiter: str) -> tuple[pa.Array, list[tuple[int, str]]] | None:
    """Sheet row numbers of the rows pyarrow kept, and the malformed rows it skipped; None if it could not say.

    Rows count records, as a spreadsheet shows the file: the header is row header_index + 1 and
    every record after it, blank or malformed, is the next row. pyarrow numbers a skipped row by
    the lines before the header plus the records after it; the two differ only when a header
    cell holds a line break. Skipped rows with nothing but blanks are dropped, not reported.
    """
    first = header_index + 2
    shift = header_index + 1 - header_lines
    records = kept + len(invalid)
    if any(number is None for number, _ in invalid):
        return None
    skipped = np.array([number + shift for number, _ in invalid], dtype=np.int64)
    if len(skipped) and (np.any(np.diff(skipped) <= 0) or skipped[0] < first or skipped[-1] >= first + records):
        return None
    numbers = np.delete(np.arange(first, first + records, dtype=np.int32), skipped - first)
    malformed = []
    for number, line in zip(skipped.tolist(), (text for _, text in invalid)):
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if any(cell.strip() for cell in cells):
            malformed.append((number, delimiter.join(cells)))
    return pa.array(numbers, type=pa.int32()), malformed


def _read_csv_row_by_row(path: Path, text: str, header_index: int, headers: list[str], delimiter: str) -> RawTable:
    """The slow reading, kept for a pyarrow that cannot number skipped rows: the reference numbering."""
    good: list[list[str | None]] = []
    numbers: list[int] = []
    malformed: list[tuple[int, str]] = []
    for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if number <= header_index + 1:
            continue
        if len(record) == len(headers):
            good.append([cell if cell != "" else None for cell in record])
            numbers.append(number)
        elif any(cell.strip() for cell in record):
            malformed.append((number, delimiter.join(record)))
    columns = list(zip(*good)) if good else [()] * len(headers)
    table = pa.table({name: pa.array(list(col), type=pa.string()) for name, col in zip(headers, columns)})
    return RawTable(path, headers, table, pa.array(numbers, type=pa.int32()), malformed)


# --- workbooks -------------------------------------------------------------------------


def _read_workbook(path: Path, mapping: Mapping) -> list[RawTable]:
    """One table per visible, non-empty worksheet, or only `mapping.sheet`.

    A table's `sheet` is its sheet's name when the workbook has more than one non-empty visible
    sheet, with or without `mapping.sheet`, so the same file always gets the same labels.
    Hidden sheets (lists behind drop-downs, old versions) are read only when named.
    """
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
    return any(_cell_text(value) is not None for row in sheet.iter_rows() for value in row)


def _read_sheet(path: Path, sheet: CalamineSheet, label: str | None, mapping: Mapping) -> RawTable:
    rows = sheet.to_python(skip_empty_area=False)
    width = max(map(len, rows), default=0)
    if any(len(row) != width for row in rows):
        rows = [row + [""] * (width - len(row)) for row in rows]
    merges: list[Merge] = sheet.merged_cell_ranges or []  # None for .ods
    head = [[_cell_text(value) for value in row] for row in rows[:HEADER_SEARCH_ROWS]]
    if not any(cell is not None for row in head for cell in row):
        raise ExportError(f"文件 {path.name} 的工作表「{sheet.name}」是空的")
    across = _fill_merged(head, merges)
    header_index, headers = choose_header(head, mapping.header_row, frozenset(mapping.columns), across)
    data = rows[header_index + 1:]
    _repeat_merged_down(data, merges, header_index + 1)
    columns = list(zip(*data)) if data else [()] * len(headers)
    table = pa.table({name: _text_array(column) for name, column in zip(headers, columns)})
    row_numbers = pa.array(range(header_index + 2, header_index + 2 + table.num_rows), type=pa.int32())
    return RawTable(path, headers, table, row_numbers, sheet=label)


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
        return pa.array([v if type(v) is str and v.strip() else _cell_text(v) for v in values], type=pa.string())
    blank = pc.or_(pc.equal(array, ""), pc.utf8_is_space(array))
    return pc.if_else(blank, pa.scalar(None, pa.string()), array)


def _cell_text(value: object) -> str | None:
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


# --- Parquet ---------------------------------------------------------------------------


def _read_parquet(path: Path) -> RawTable:
    try:
        table = pq.read_table(path)
    except Exception as error:
        raise ExportError(f"文件 {path.name}：无法读取 Parquet（{error}）") from None
    headers = _deduplicate([str(name) for name in table.column_names])
    columns = [_text_column(table.column(i)) for i in range(table.num_columns)]
    table = pa.table(dict(zip(headers, columns)))
    return RawTable(path, headers, table, pa.array(range(2, 2 + table.num_rows), type=pa.int32()))


def _text_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_timestamp(column.type):
        return _timestamp_text(column)
    if pa.types.is_date(column.type):
        return pa.chunked_array([pc.strftime(chunk, format="%Y-%m-%d %H:%M:%S") for chunk in column.chunks],
                                type=pa.string())
    if pa.types.is_floating(column.type):
        return pa.chunked_array([pa.array([_cell_text(v) for v in chunk.to_pylist()], type=pa.string())
                                 for chunk in column.chunks], type=pa.string())
    return column.cast(pa.string())


def _timestamp_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Timestamps as China time text: an instant (UTC, as Spark writes them) in Asia/Shanghai,
    a naive timestamp as it is; no fraction when every value is a whole second."""
    tz = CHINA_TIME if column.type.tz else None
    # DuckDB keeps microseconds, and strftime would write nine digits for nanoseconds.
    micros = column.cast(pa.timestamp("us", column.type.tz), safe=False).cast(pa.timestamp("us", tz))
    seconds = micros.cast(pa.timestamp("s", tz), safe=False)
    if pc.all(pc.equal(seconds.cast(pa.timestamp("us", tz)), micros)).as_py() is not False:
        micros = seconds
    return pa.chunked_array([pc.strftime(chunk, format="%Y-%m-%d %H:%M:%S") for chunk in micros.chunks],
                            type=pa.string())
