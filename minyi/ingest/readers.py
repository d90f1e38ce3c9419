"""Reading one export file into text columns, wherever its real header row is.

Counties export from many systems: workbooks with a title row, merged header cells and
several sheets; CSV in UTF-8 (with or without BOM), GBK or UTF-16, comma- or tab-separated;
"Excel" files that are really text or web pages; Parquet from a data platform. Every cell is
read as text, exactly as shown, so that validation (not the reader) decides what a value
means and can quote it back in a rejection message.

This module is the one entry point: it decides from the first bytes how a file is read and
hands it to the reader of that format family (csv_reader, workbook_reader, parquet_reader).
The header detection those readers share is in headers, the table they return in raw_table.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from minyi.ingest.csv_reader import decode_csv, read_csv
from minyi.ingest.headers import choose_header
from minyi.ingest.mapping import ExportError, Mapping
from minyi.ingest.parquet_reader import read_parquet
from minyi.ingest.raw_table import RawTable
from minyi.ingest.workbook_reader import read_workbook

# choose_header and decode_csv live with the code that uses them, and are importable from here too.
__all__ = ["RawTable", "choose_header", "decode_csv", "read_export"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt")


def read_export(path: Path, mapping: Mapping) -> list[RawTable]:
    """The tables of one export file: one, or one per non-empty sheet of a workbook.

    The file's first bytes decide how it is read, not its name: an .xls that is really
    tab-separated text is read as text, and one that is really a web page is refused with advice.
    """
    suffix = path.suffix.lower()
    if not path.exists():
        raise ExportError(f"文件不存在：{path}")
    if suffix == ".parquet":
        return [read_parquet(path)]
    if suffix not in WORKBOOK_SUFFIXES + TEXT_SUFFIXES:
        raise ExportError(f"文件 {path.name}：不支持的格式「{suffix}」，支持 .xlsx .xls .csv .parquet")
    content = _sniff(path)
    if content == "web page":
        raise ExportError(
            f"文件 {path.name} 虽然扩展名是 {suffix}，实际上是网页（HTML/XML）格式，不是 Excel 工作簿。"
            "请用 Excel 打开它，另存为「Excel 工作簿（.xlsx）」后再导入。"
        )
    if content == "workbook":
        return read_workbook(path, mapping)
    return [read_csv(path, mapping)]


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
