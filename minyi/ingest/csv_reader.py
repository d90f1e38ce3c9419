"""Reading CSV and other delimited text exports, with the row numbers a spreadsheet would show.

Text exports come in UTF-8 (with or without BOM), GBK or UTF-16, comma- or tab-separated, with a
title above the header and malformed lines among the rows. pyarrow parses the bulk fast; this
module decodes the bytes, picks the delimiter, finds the header, and numbers the rows pyarrow kept
and skipped, so that a rejection names the row a person sees. The slow row-by-row reading stays
as the fallback and as the reference numbering the tests compare against.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from minyi.ingest.headers import HEADER_SEARCH_ROWS, choose_header
from minyi.ingest.mapping import ExportError, Mapping
from minyi.ingest.raw_table import RawTable


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


def read_csv(path: Path, mapping: Mapping) -> RawTable:
    text, utf8 = _decode_csv(path.read_bytes(), path)
    lines = _first_lines(text, HEADER_SEARCH_ROWS + 1)  # one more, to see whether the header is the last line
    del text  # pyarrow reads the UTF-8 bytes; the text would double the memory held
    delimiter = "\t" if sum(line.count("\t") for line in lines) > sum(line.count(",") for line in lines) else ","
    head, lines_read = _head_records(lines, delimiter)
    if not any(cell.strip() for record in head for cell in record):
        raise ExportError(f"文件 {path.name} 是空文件")
    header_index, headers, found = choose_header(head, mapping.header_row, frozenset(mapping.columns))
    header_lines = lines_read[header_index]  # more than header_index + 1 when a cell above holds line breaks
    if header_lines >= len(lines):  # the header is the last line
        empty = pa.table({name: pa.array([], pa.string()) for name in headers})
        return RawTable(path, headers, empty, pa.array([], pa.int32()), header_found=found)
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
        table = _read_csv_row_by_row(path, utf8.decode("utf-8"), header_index, headers, delimiter)
        table.header_found = found
        return table
    row_numbers, malformed = numbered
    return RawTable(path, headers, table, row_numbers, malformed, header_found=found)


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
