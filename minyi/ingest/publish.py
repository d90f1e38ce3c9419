"""One import as the CLI, the nightly job and the dashboard's upload box all run it: into a new
snapshot, replacing the demo county (never a county's own data), rejected rows to quarantine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from minyi import config, db, snapshot_files
from minyi.dataset import snapshot_is_demo
from minyi.ingest.mapping import Mapping
from minyi.ingest import quarantine
from minyi.ingest.derived import ROLLUPS, refresh_case_facts, refresh_rollups
from minyi.ingest.pipeline import import_files
from minyi.ingest.plans import is_assessment_sheet
from minyi.ingest.reports import ImportReport


DEMO_REPLACED = "原数据库是演示数据：本次导入建立了正式数据库，演示数据不再保留。"


@dataclass(frozen=True)
class Published:
    report: ImportReport
    replaced_demo: bool


def import_and_publish(
    db_path: Path,
    files: list[Path],
    kind: str | None = None,
    source: str | None = None,
    mapping: Mapping | None = None,
    skip_unreadable: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    limited_to: tuple[str, str] | None = None,
    assessment_rules: Path | None = None,
) -> Published:
    replaced_demo = []
    # a 考核手工评分表 scores the data already there: it joins the demo county instead of replacing it
    scores_only = kind == "assessment" or all(is_assessment_sheet(Path(file)) for file in files)

    def replace_demo(snapshot: Path | None) -> bool:
        """Asked under the writer lock: a demo database is replaced, real data is kept."""
        replaced_demo.append(snapshot is not None and not scores_only and snapshot_is_demo(snapshot))
        return replaced_demo[-1]

    keep_days = config.QUARANTINE_DAYS.number()  # a bad setting refuses the import before it publishes
    with snapshot_files.publishing(db_path, start_empty=replace_demo) as con:
        report = import_files(con, files, kind=kind, source=source, mapping=mapping,
                              quarantine_dir=db_path.parent / "quarantine", skip_unreadable=skip_unreadable,
                              progress=progress, limited_to=limited_to, assessment_rules=assessment_rules)
    quarantine.prune(db_path.parent / "quarantine", keep_days)
    return Published(report, replaced_demo[-1])


def refresh_derived(db_path: Path) -> None:
    """Publish the current data again with the tables derived from cases, grid events and 办件
    rebuilt (for a database written by an older version)."""
    with snapshot_files.publishing(db_path) as con:
        with db.transaction(con):
            refresh_case_facts(con)
            for records in ROLLUPS:
                refresh_rollups(con, records)
