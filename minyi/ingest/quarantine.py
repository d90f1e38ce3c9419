"""Rejected rows kept next to the database, one CSV per export, readable in Excel.

Each file lists the sheet row number, the reasons in Chinese and the row's original cells
(personal-data columns excluded, summary text scrubbed), so an analyst can fix the export
and import it again. A cell Excel would run as a formula (=HYPERLINK(…)) gets the apostrophe
that makes it text, as in every .xlsx Minyi writes (minyi.spreadsheet).
"""

from __future__ import annotations

import csv
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from minyi.spreadsheet import neutralised, to_xlsx


@dataclass
class RejectedRows:
    file: str
    headers: list[str]
    row_numbers: list[int]
    reasons: list[str]
    cells: list[dict]
    messages: list[str]

    @property
    def count(self) -> int:
        return len(self.row_numbers)


def write_quarantine(folder: Path, batches: list[RejectedRows]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for batch in batches:
        if not batch.count:
            continue
        path = folder / f"{Path(batch.file).stem}.rejected.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["行号", "原因", *map(neutralised, batch.headers)])
            for number, reason, cells in zip(batch.row_numbers, batch.reasons, batch.cells):
                writer.writerow([number, neutralised(reason), *(neutralised(cells.get(h) or "") for h in batch.headers)])
        written.append(path)
    return written


def rejected_xlsx(path: Path) -> tuple[bytes, int]:
    """One rejected-row file as .xlsx, cells as written (formula-safe, see minyi.spreadsheet), and its rows."""
    rows = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return to_xlsx(rows, {column: column for column in rows.columns}, sheet="拒收行"), len(rows)


def summarize(folder: Path) -> list[tuple[Path, list[tuple[str, int]]]]:
    """The rejected-row files of one quarantine folder, each with its reasons and their row counts,
    commonest first (for the 数据 page)."""
    summary = []
    for path in sorted(Path(folder).glob("*.rejected.csv")):
        counts: dict[str, int] = {}
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                counts[row["原因"]] = counts.get(row["原因"], 0) + 1
        summary.append((path, sorted(counts.items(), key=lambda item: -item[1])))
    return summary


def prune(root: Path, days: float) -> list[Path]:
    """Delete the import folders under `root` last written more than `days` days ago (0: keep all);
    rejected rows hold what personal data survived scrubbing, so they are not kept for ever."""
    if days <= 0 or not root.is_dir():
        return []
    cutoff = time.time() - days * 86400
    removed = []
    for folder in root.iterdir():
        try:
            old = folder.is_dir() and folder.stat().st_mtime < cutoff
        except OSError:  # another import pruned it a moment ago
            continue
        if old:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
