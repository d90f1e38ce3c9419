"""How big an .xlsx sheet really is, found before any reader lays it out in memory.

python-calamine builds each sheet as a dense grid from its first to its last filled cell, so a
5 KB file with one cell at XFD1048576 asks for 16,384 × 1,048,576 cells (512 GiB) and the
allocation failure aborts the process. This module streams each sheet's XML once, finds the last
row and column that hold a cell, and refuses a sheet whose grid would not fit the import's
memory, naming the far cell so that the user can delete it in Excel.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from minyi.ingest.mapping import ExportError

# A cell's reference: ` r="` then letters and digits is a cell (a row's r holds digits only; ref=
# and sqref= are other names). Patterns that start with that literal scan fast.
CELL_ROW = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,7})"')
CHUNK_BYTES = 4 << 20
OVERLAP_BYTES = 512  # a cell's opening tag cut by a chunk boundary is found in the next chunk
ROW_WINDOW_BYTES = 1 << 16  # a chunk's last cell is in its last 64 KiB
# What one grid cell costs while a sheet is read (calamine's cell, then a Python object per cell).
BYTES_PER_CELL = 100
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
SPREADSHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def check_sheet_sizes(path: Path, memory_bytes: int) -> None:
    """Refuse (ExportError) an .xlsx/.xlsm whose sheets would take more than `memory_bytes` to lay
    out, or whose parts unpack to more than that; anything else (an .ods, a broken zip) is left to
    the reader."""
    try:
        with zipfile.ZipFile(path) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > memory_bytes:
                raise ExportError(f"文件 {path.name} 解压后有 {unpacked / 2**30:.1f} GiB，超过导入内存上限 "
                                  f"{memory_bytes / 2**30:.1f} GiB，未导入。请确认文件无误，或拆成几个文件导入。")
            for name, part in _sheet_parts(archive).items():
                rows, columns = _extent(archive, part)
                cells = rows * columns
                if cells * BYTES_PER_CELL > memory_bytes:
                    raise ExportError(
                        f"文件 {path.name} 的工作表「{name}」使用区域达 {rows:,} 行 × {columns:,} 列"
                        f"（最后一个有内容的位置在 {column_letters(columns)}{rows} 一带），读取约需 "
                        f"{cells * BYTES_PER_CELL / 2**30:.1f} GiB 内存，超过导入上限 {memory_bytes / 2**30:.1f} GiB，"
                        "未导入。多半是表格远处有多余的单元格：请在 Excel 中按 Ctrl+End 找到它，删除多余的行和列后另存再导入。")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return  # the workbook reader says what is wrong with it, in its own words


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its part in the zip, as workbook.xml and its relationships say."""
    targets = {}
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for relation in relations.iter(RELATIONSHIPS):
        target = relation.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[relation.get("Id")] = part
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = {}
    for sheet in workbook.iter(f"{SPREADSHEET}sheet"):
        part = targets.get(sheet.get(RELATIONSHIP_ID))
        if part in archive.namelist():
            sheets[sheet.get("name", part)] = part
    return sheets


def _extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """The last row and the last column (1-based) that hold a cell in one sheet part. Rows come in
    order, so each chunk's last cell has its highest row; a column is looked for only beyond the
    highest seen so far (most exports stop at Z, so the scan finds next to nothing).
    A cell written without its reference is not seen: the import's memory ceiling still holds."""
    last_row = last_column = 0
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            text = tail + chunk
            rows = CELL_ROW.findall(text, max(0, len(text) - ROW_WINDOW_BYTES))
            if rows:
                last_row = max(last_row, int(rows[-1]))
            for letters in set(_columns_above(last_column).findall(text)):
                last_column = max(last_column, column_number(letters.decode()))
            tail = text[-OVERLAP_BYTES:]
    return last_row, last_column


def _columns_above(column: int) -> re.Pattern:
    """A pattern for the references of cells in columns beyond `column` (all of AA:XFD, and the
    single letters above it), one scan per chunk."""
    single = rb"|[%c-Z]" % (65 + column) if column < 26 else b""
    return re.compile(rb' r="([A-Z]{2,3}%s)[0-9]' % single)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
