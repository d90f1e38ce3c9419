"""The table every reader returns, whatever the format of the file it came from.

It lives apart from readers.py because the format modules build it and readers.py hands it on:
both import it from here, so neither has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa


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
