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

    def too_many_rejected(self, max_share: float) -> str | None:
        """A Chinese sentence when all rows, or more than `max_share` of them, were rejected."""
        if not self.rows_read or self.rows_rejected <= self.rows_read * max_share and self.rows_imported:
            return None
        if not self.rows_imported:
            return f"{self.file} 的全部 {self.rows_read:,} 行都被拒收"
        return (f"{self.file} 有 {self.rows_rejected:,} / {self.rows_read:,} 行被拒收"
                f"（{self.rows_rejected / self.rows_read:.0%}），超过允许的 {max_share:.0%}（MINYI_MAX_REJECTED_SHARE）")


@dataclass
class ImportReport:
    import_id: int
    files: list[FileReport]
    rejected: list[RejectedRows]
    warnings: list[str]
    skipped: list[str] = field(default_factory=list)
    quarantine_dir: Path | None = None
    max_rejected_share: float = 1.0  # see MINYI_MAX_REJECTED_SHARE

    def rejection_failures(self) -> list[str]:
        """One sentence per file whose rows were all, or too many, rejected: the import then fails
        its exit code although its accepted rows are in (rows read = imported + rejected holds)."""
        return [m for m in (f.too_many_rejected(self.max_rejected_share) for f in self.files) if m]

    def total(self, name: str) -> int:
        return sum(getattr(report, name) for report in self.files)

    def reconciles(self) -> bool:
        return all(report.reconciles() for report in self.files)
