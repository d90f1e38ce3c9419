"""What an import did, per export table and in total; the numbers always reconcile."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from minyi.ingest.quarantine import RejectedRows


@dataclass
class FileReport:
    """One export table (a file, or one sheet of a workbook): rows read = imported + rejected."""

    file: str
    kind: str
    source: str | None
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_rejected: int = 0
    blank_rows: int = 0
    footer_rows: tuple[str, ...] = ()
    personal_columns: tuple[str, ...] = ()
    unused_columns: tuple[str, ...] = ()
    reasons: Counter = field(default_factory=Counter)

    @property
    def rows_imported(self) -> int:
        return self.rows_new + self.rows_updated + self.rows_unchanged

    def reconciles(self) -> bool:
        return self.rows_read == self.rows_imported + self.rows_rejected


@dataclass
class ImportReport:
    import_id: int
    files: list[FileReport]
    rejected: list[RejectedRows]
    warnings: list[str]
    skipped: list[str] = field(default_factory=list)
    quarantine_dir: Path | None = None

    def total(self, name: str) -> int:
        return sum(getattr(report, name) for report in self.files)

    def reconciles(self) -> bool:
        return all(report.reconciles() for report in self.files)
