"""The table every reader returns, whatever the format of the file it came from.

It lives apart from readers.py because the format modules build it and readers.py hands it on:
both import it from here, so neither has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

# Excel's own limit for one cell. A longer text is no real export's summary; kept whole, a
# 300 MB cell made every later step (the drill-down's message to the browser) fail.
MAX_CELL_CHARS = 32767


@dataclass
class RawTable:
    """Text cells of one export: one column per header, plus the sheet row number of each row."""

    file: Path
    headers: list[str]
    table: pa.Table
    row_numbers: pa.Array
    malformed: list[tuple[int, str]] = field(default_factory=list)
    sheet: str | None = None  # the worksheet's name, when a workbook has several
    header_found: bool = True  # False: no row named a known column, so the first row was taken

    @property
    def label(self) -> str:
        """How messages and the database name this table's origin: 导出.xlsx or 导出.xlsx「2月」."""
        return f"{self.file.name}「{self.sheet}」" if self.sheet else self.file.name

    def with_bounded_cells(self, warnings: list[str]) -> "RawTable":
        """The table with every cell longer than MAX_CELL_CHARS cut to that length, and a warning
        naming the rows and columns that were cut."""
        cut = {}
        for header in self.headers:
            column = self.table.column(header)
            too_long = pc.fill_null(pc.greater(pc.utf8_length(column), MAX_CELL_CHARS), False)
            if not pc.any(too_long).as_py():
                continue
            rows = pc.filter(self.row_numbers, too_long.combine_chunks()).to_pylist()
            warnings.append(f"{self.label}：第{'、'.join(map(str, rows[:10]))}{'等' if len(rows) > 10 else ''}行"
                            f"「{header}」超过{MAX_CELL_CHARS}个字符（Excel单元格的上限），只导入了前{MAX_CELL_CHARS}个字符。")
            cut[header] = pc.utf8_slice_codeunits(column, 0, MAX_CELL_CHARS)
        if not cut:
            return self
        return replace(self, table=pa.table({h: cut.get(h, self.table.column(h)) for h in self.headers}))
