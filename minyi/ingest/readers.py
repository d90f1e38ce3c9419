"""Reading one export file into text columns, wherever its real header row is.

Counties export from many systems: Excel with a title row and merged header cells above the
data, CSV in UTF-8 (with or without BOM) or GBK, Parquet from a data platform. Every cell is
read as text, exactly as shown, so that validation (not the reader) decides what a value
means and can quote it back in a rejection message.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from minyi.ingest.fields import known_header, normalise_header
from minyi.ingest.mapping import ExportError, Mapping

HEADER_SEARCH_ROWS = 30


@dataclass
class RawTable:
    """Text cells of one export: one column per header, plus the sheet row number of each row."""

    file: Path
    headers: list[str]
    table: pa.Table
    row_numbers: pa.Array
    malformed: list[tuple[int, str]] = field(default_factory=list)


def read_export(path: Path, mapping: Mapping) -> RawTable:
    suffix = path.suffix.lower()
    if not path.exists():
        raise ExportError(f"文件不存在：{path}")
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _read_excel(path, mapping)
    if suffix in (".csv", ".txt"):
        return _read_csv(path, mapping)
    if suffix == ".parquet":
        return _read_parquet(path)
    raise ExportError(f"文件 {path.name}：不支持的格式「{suffix}」，支持 .xlsx .xls .csv .parquet")


def choose_header(
    rows: list[list[str]], fixed_row: int | None = None, mapped: frozenset[str] = frozenset()
) -> tuple[int, list[str]]:
    """Index of the header row among the first rows, and the header names.

    Cells left empty in a row by a vertical merge take the text above them, so the lower row
    of a two-row header (办理情况 merged over 办结时间 and 回访结果) names every column. The
    header is the row that, so filled, names the most known columns (built-in aliases, or the
    normalised headers `mapped` by a mapping file), the first one on a tie; duplicate names
    get a numeric suffix.
    """
    if fixed_row is not None:
        index = fixed_row - 1
    else:
        scores = [
            sum(known_header(cell) or normalise_header(cell) in mapped for cell in _filled_from_above(rows, i))
            for i in range(min(len(rows), HEADER_SEARCH_ROWS))
        ]
        if not scores or max(scores) == 0:
            index = 0
        else:
            index = scores.index(max(scores))
    if index >= len(rows):
        raise ExportError(f"表头行 {index + 1} 超出文件行数")
    names = [name or f"第{position + 1}列" for position, name in enumerate(_filled_from_above(rows, index))]
    return index, _deduplicate(names)


def _filled_from_above(rows: list[list[str]], index: int) -> list[str]:
    above = rows[index - 1] if index > 0 else []
    filled = []
    for position, cell in enumerate(rows[index]):
        name = (cell or "").strip()
        if not name and position < len(above):
            name = (above[position] or "").strip()
        filled.append(name)
    return filled


def _deduplicate(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return result


def decode_csv(data: bytes, file: Path) -> str:
    """UTF-8 (BOM optional) first; GB18030, a superset of GBK, otherwise."""
    return _decode_csv(data, file)[0]


def _decode_csv(data: bytes, file: Path) -> tuple[str, bytes]:
    """The text of `data`, and that text as UTF-8: `data` itself (less a BOM) when it is UTF-8 already."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, data.removeprefix(codecs.BOM_UTF8) if encoding == "utf-8-sig" else text.encode("utf-8")
    raise ExportError(f"文件 {file.name}：无法识别文字编码（应为 UTF-8 或 GBK）")


def _first_lines(text: str, count: int) -> list[str]:
    """`text.splitlines()[:count]`, without splitting all of a large file."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


def _read_csv(path: Path, mapping: Mapping) -> RawTable:
    text, utf8 = _decode_csv(path.read_bytes(), path)
    head = list(csv.reader(io.StringIO("\n".join(_first_lines(text, HEADER_SEARCH_ROWS)))))
    if not head:
        raise ExportError(f"文件 {path.name} 是空文件")
    header_index, headers = choose_header(head, mapping.header_row, frozenset(mapping.columns))
    malformed: list[str] = []

    def keep_malformed(row: pacsv.InvalidRow) -> str:
        malformed.append(row.text)
        return "skip"

    table = pacsv.read_csv(
        io.BytesIO(utf8),
        read_options=pacsv.ReadOptions(skip_rows=header_index + 1, column_names=headers, block_size=1 << 24),
        # A blank line is a row in a spreadsheet too: it must not be skipped, or later rows get wrong numbers.
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False,
                                         invalid_row_handler=keep_malformed),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in headers},
            strings_can_be_null=True,
            null_values=[""],
            quoted_strings_can_be_null=True,
        ),
    )
    if malformed:
        # pyarrow cannot say where a skipped row was; re-read slowly so every row keeps its number.
        return _read_csv_row_by_row(path, text, header_index, headers)
    # Row numbers count records, as a spreadsheet shows the file: header row + 1 + position.
    row_numbers = pa.array(range(header_index + 2, header_index + 2 + table.num_rows), type=pa.int32())
    return RawTable(path, headers, table, row_numbers)


def _read_csv_row_by_row(path: Path, text: str, header_index: int, headers: list[str]) -> RawTable:
    good: list[list[str | None]] = []
    numbers: list[int] = []
    malformed: list[tuple[int, str]] = []
    for number, record in enumerate(csv.reader(io.StringIO(text)), start=1):
        if number <= header_index + 1:
            continue
        if len(record) == len(headers):
            good.append([cell if cell != "" else None for cell in record])
            numbers.append(number)
        elif any(cell.strip() for cell in record):
            malformed.append((number, ",".join(record)))
    columns = list(zip(*good)) if good else [()] * len(headers)
    table = pa.table({name: pa.array(list(col), type=pa.string()) for name, col in zip(headers, columns)})
    return RawTable(path, headers, table, pa.array(numbers, type=pa.int32()), malformed)


def _read_excel(path: Path, mapping: Mapping) -> RawTable:
    try:
        frame = pd.read_excel(path, sheet_name=mapping.sheet or 0, header=None, dtype=object, engine="calamine")
    except Exception as error:  # calamine raises its own error types for broken workbooks
        raise ExportError(f"文件 {path.name}：无法读取工作簿（{error}）") from None
    columns = [  # text cells, most of a workbook, are kept as they are without a call per cell
        [value if type(value) is str and value.strip() else _cell_text(value) for value in frame[column].tolist()]
        for column in frame.columns
    ]
    rows = [list(row) for row in zip(*(col[:HEADER_SEARCH_ROWS] for col in columns))]
    if not rows:
        raise ExportError(f"文件 {path.name} 的工作表是空的")
    header_index, headers = choose_header(rows, mapping.header_row, frozenset(mapping.columns))
    table = pa.table({name: pa.array(col[header_index + 1:], type=pa.string()) for name, col in zip(headers, columns)})
    row_numbers = pa.array(range(header_index + 2, header_index + 2 + table.num_rows), type=pa.int32())
    return RawTable(path, headers, table, row_numbers)


def _cell_text(value: object) -> str | None:
    """A workbook cell as the text a person sees: 12 not 12.0, dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


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
    if pa.types.is_timestamp(column.type) and column.type.unit == "ns":
        # strftime would write nine fractional digits, which the date parser cannot read;
        # DuckDB timestamps keep microseconds anyway.
        column = column.cast(pa.timestamp("us", column.type.tz), safe=False)
    if pa.types.is_timestamp(column.type) or pa.types.is_date(column.type):
        return pa.chunked_array([pc.strftime(chunk, format="%Y-%m-%d %H:%M:%S") for chunk in column.chunks],
                                type=pa.string())
    if pa.types.is_floating(column.type):
        return pa.chunked_array([pa.array([_cell_text(v) for v in chunk.to_pylist()], type=pa.string())
                                 for chunk in column.chunks], type=pa.string())
    return column.cast(pa.string())
