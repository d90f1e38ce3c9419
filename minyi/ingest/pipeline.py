"""One import run: read exports, validate, upsert, quarantine what is rejected, and reconcile.

Everything happens inside one transaction on the caller's connection, so a structural error
in any file (unmappable columns, unreadable workbook) or an interruption leaves the database
as it was. The report always reconciles: rows read = new + updated + unchanged + rejected.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from minyi import config, db, workdays
from minyi.ingest.fields import SURVEY_FIELDS, VALUE_ALIASES, fields_for, normalise_header
from minyi.ingest.mapping import ColumnPlan, ExportError, Mapping, guess_source, plan_columns
from minyi.ingest.messages import describe, locate
from minyi.ingest.quarantine import RejectedRows, write_quarantine
from minyi.ingest.readers import RawTable, read_export

EARLIEST = dt.datetime(1990, 1, 1)


@dataclass(frozen=True)
class DeadlineRules:
    """Deadline rules of the 统计口径 in force (see minyi.config for each setting's meaning)."""

    petition_days: int
    extension_days: int
    complaint_working_days: int
    holidays_file: Path

    @classmethod
    def from_config(cls) -> "DeadlineRules":
        return cls(
            int(config.PETITION_DAYS.value()),
            int(config.PETITION_EXTENSION_DAYS.value()),
            int(config.COMPLAINT_WORKING_DAYS.value()),
            Path(config.HOLIDAYS_FILE.value()),
        )


@dataclass
class FileReport:
    file: str
    kind: str
    source: str | None
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_rejected: int = 0
    blank_rows: int = 0
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
    quarantine_dir: Path | None = None

    def total(self, name: str) -> int:
        return sum(getattr(report, name) for report in self.files)

    def reconciles(self) -> bool:
        return all(report.reconciles() for report in self.files)


def import_files(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    kind: str | None = None,
    source: str | None = None,
    mapping: Mapping | None = None,
    quarantine_dir: Path | None = None,
    now: dt.datetime | None = None,
    rules: DeadlineRules | None = None,
) -> ImportReport:
    """Import export files in one transaction; rejected rows go to `quarantine_dir` afterwards."""
    mapping = mapping or Mapping()
    now = now or dt.datetime.now()
    rules = rules or DeadlineRules.from_config()
    started = dt.datetime.now()
    with db.transaction(con):
        import_id = int(db.run(con, "import/next_import_id")["import_id"].iloc[0])
        _prepare_session(con, mapping)
        files, rejected, warnings = [], [], []
        for path in paths:
            raw = read_export(Path(path), mapping)
            file_kind = kind or mapping.kind or guess_kind(raw.headers)
            plan = plan_columns(raw.headers, file_kind, mapping, raw.file)
            file_source = None
            if file_kind == "cases":
                file_source = source or mapping.source or guess_source(raw.headers, raw.file)
            report, rows = load_table(con, raw, plan, file_kind, file_source, import_id, now, rules, mapping, warnings)
            files.append(report)
            rejected.append(rows)
        report = ImportReport(import_id, files, rejected, warnings)
        if quarantine_dir is not None and any(rows.count for rows in rejected):
            report.quarantine_dir = quarantine_dir / f"{started:%Y%m%dT%H%M%S}-import-{import_id}"
        _record(con, report, kind or mapping.kind or "auto", started)
    if report.quarantine_dir is not None:
        write_quarantine(report.quarantine_dir, rejected)
    return report


def guess_kind(headers: list[str]) -> str:
    names = {normalise_header(h) for h in headers}
    survey_only = set(SURVEY_FIELDS["survey_name"] + SURVEY_FIELDS["item"] + SURVEY_FIELDS["votes"])
    return "survey" if names & survey_only else "cases"


def _prepare_session(con: duckdb.DuckDBPyConnection, mapping: Mapping) -> None:
    """Macros, value spellings and the mapping file's aliases, for this connection's import."""
    con.execute(db.load_query("ddl/create_macros"))
    spellings = [
        (field_name, spelling.lower(), canonical)
        for field_name, table in VALUE_ALIASES.items()
        for spelling, canonical in {**table, **mapping.values.get(field_name, {})}.items()
    ]
    for field_name in ("is_repeat", "extended"):
        spellings += [("flag", s.lower(), c) for s, c in mapping.values.get(field_name, {}).items()]
    frame = pd.DataFrame(spellings, columns=["field", "raw", "canonical"]).drop_duplicates(["field", "raw"], keep="last")
    con.register("value_alias_frame", frame)
    con.execute("create or replace temp table value_aliases as select * from value_alias_frame")
    con.unregister("value_alias_frame")
    for dimension, aliases in (("township", mapping.township_aliases), ("department", mapping.department_aliases)):
        for alias, canonical in aliases.items():
            db.execute(con, "import/register_dimension_member", dimension=dimension, name=canonical)
            db.execute(con, "import/set_dimension_alias", dimension=dimension, alias=alias, name=canonical)


def field_table(raw: RawTable, plan: ColumnPlan, kind: str) -> tuple[pa.Table, int, np.ndarray]:
    """The export as one text column per Minyi field (null where absent), without blank rows.

    Returns the table, the number of blank rows dropped and the positions kept in `raw.table`.
    """
    known, _ = fields_for(kind)
    count = raw.table.num_rows
    columns = {}
    for name in known:
        header = plan.field_headers.get(name)
        columns[name] = raw.table.column(header) if header else pa.nulls(count, pa.string())
    present = np.zeros(count, dtype=bool)
    for header in raw.headers:
        if header not in plan.personal:
            present |= raw.table.column(header).is_valid().to_numpy(zero_copy_only=False)
    kept = np.flatnonzero(present)
    table = pa.table({"source_row": raw.row_numbers, **columns})
    if len(kept) < count:  # take() copies every cell, which a large export without blank rows need not pay
        table = table.take(kept)
    return table, count - len(kept), kept


def load_table(con, raw, plan, kind, source, import_id, now, rules, mapping, warnings):
    """Stage, check and upsert one export; returns its report and its rejected rows."""
    table, blank, kept = field_table(raw, plan, kind)
    report = FileReport(raw.file.name, kind, source, blank_rows=blank,
                        personal_columns=plan.personal, unused_columns=plan.unused)
    con.register("raw_rows", table)
    try:
        for dimension in ("township", "department"):
            db.execute(con, "import/unknown_spellings", dimension=dimension)
            db.execute(con, "import/add_dimension_members", dimension=dimension)
            db.execute(con, "import/add_dimension_aliases", dimension=dimension)
        common = {"source_file": raw.file.name, "now": now, "earliest": EARLIEST}
        if kind == "cases":
            _ensure_calendar(con, rules)
            db.execute(con, "import/stage_cases", source=source, petition_days=rules.petition_days,
                       extension_days=rules.extension_days,
                       complaint_working_days=rules.complaint_working_days, **common)
            suffix = "cases"
        else:
            db.execute(con, "import/stage_surveys", default_survey_name=mapping.survey_name or raw.file.stem, **common)
            suffix = "surveys"
    finally:
        con.unregister("raw_rows")
    db.execute(con, f"import/merge_{suffix}", import_id=import_id)
    counts = dict(db.run(con, "import/count_changes").itertuples(index=False))
    db.execute(con, f"import/delete_replaced_{suffix}")
    db.execute(con, f"import/insert_{suffix}")
    if kind == "cases":
        for year, cases in db.run(con, "import/fallback_deadline_years").itertuples(index=False):
            warnings.append(workdays.fallback_warning(int(year), rules.holidays_file, int(cases)))
    problems = list(db.run(con, f"import/rejected_{suffix}").itertuples(index=False))
    rejected = _rejected_rows(con, raw, plan, problems, report)
    report.rows_new = counts.get("new", 0)
    report.rows_updated = counts.get("updated", 0)
    report.rows_unchanged = counts.get("unchanged", 0)
    report.rows_rejected = rejected.count
    report.rows_read = len(kept) + len(raw.malformed)
    return report, rejected


def _ensure_calendar(con: duckdb.DuckDBPyConnection, rules: DeadlineRules) -> None:
    """Make calendar_days cover every receipt date in raw_rows plus room for the longest deadline."""
    span = db.run(con, "import/received_span").iloc[0]
    if pd.isna(span["first_day"]):
        return
    # room for the longest deadline an export may state in working days ("90个工作日")
    last = pd.Timestamp(span["last_day"]).date() + dt.timedelta(days=rules.complaint_working_days * 3 + 200)
    first = pd.Timestamp(span["first_day"]).date() - dt.timedelta(days=40)
    frame, _ = workdays.calendar_days(first, last, rules.holidays_file)
    con.register("new_calendar_days", frame)
    try:
        db.execute(con, "import/upsert_calendar_days")
    finally:
        con.unregister("new_calendar_days")


def _rejected_rows(con, raw: RawTable, plan: ColumnPlan, problems: list, report: FileReport) -> RejectedRows:
    """Rejected rows with their reasons and original (non-personal, scrubbed) cells for the quarantine."""
    row_numbers = raw.row_numbers.to_numpy()
    numbers, reasons = [], []
    for source_row, row_problems in problems:
        texts = [describe(p["code"], p["field"], p["value"], plan.field_headers) for p in row_problems]
        report.reasons.update(p["code"] for p in row_problems)
        numbers.append(source_row)
        reasons.append("；".join(texts))
    positions = pa.array(np.searchsorted(row_numbers, numbers), type=pa.int64())
    keep_headers = [h for h in raw.headers if h not in plan.personal]
    name_header = plan.field_headers.get("person_name")
    names = raw.table.column(name_header).take(positions).to_pylist() if name_header else [None] * len(numbers)
    rows = [[reason, *cells.values()] for reason, cells in
            zip(reasons, raw.table.select(keep_headers).take(positions).to_pylist())]
    rows = _scrub_cells(con, rows, names)
    reasons = [row[0] for row in rows]
    cells = [dict(zip(keep_headers, row[1:])) for row in rows]
    for number, line in raw.malformed:
        report.reasons.update(["column_count"])
        numbers.append(number)
        reasons.append(describe("column_count", "", _mask_line(line, plan), {}))
        cells.append({})
    messages = [locate(raw.file.name, n, r) for n, r in zip(numbers, reasons)]
    return RejectedRows(raw.file.name, keep_headers, numbers, reasons, cells, messages)


def _scrub_cells(con, rows: list[list], names: list) -> list[list]:
    """Every text of the rejected rows through the same masking the database's summaries get."""
    if not rows:
        return rows
    width = len(rows[0])
    cells = pa.table({
        "row_position": pa.array(np.repeat(np.arange(len(rows)), width), type=pa.int64()),
        "cell_position": pa.array(np.tile(np.arange(width), len(rows)), type=pa.int64()),
        "value": pa.array([value for row in rows for value in row], type=pa.string()),
        "person_name": pa.array([name for name in names for _ in range(width)], type=pa.string()),
    })
    con.register("quarantine_cells", cells)
    try:
        scrubbed = db.run(con, "import/scrub_cells")
    finally:
        con.unregister("quarantine_cells")
    result = [list(row) for row in rows]
    for row, cell, value in scrubbed.itertuples(index=False):
        result[row][cell] = None if value is None or value != value else value
    return result


def _mask_line(line: str, plan: ColumnPlan) -> str:
    """A malformed line cannot be split into columns, so neither personal columns nor the summary's
    phone and ID numbers can be removed from it: keep only its length when it may hold either."""
    if plan.personal or "summary" in plan.field_headers:
        return f"共 {len(line)} 个字符，原文因可能含个人信息未保留"
    return line


def _record(con: duckdb.DuckDBPyConnection, report: ImportReport, kind: str, started: dt.datetime) -> None:
    db.execute(
        con,
        "import/record_import",
        import_id=report.import_id,
        started_at=started,
        finished_at=dt.datetime.now(),
        kind=kind,
        files=[f.file for f in report.files],
        rows_read=report.total("rows_read"),
        rows_new=report.total("rows_new"),
        rows_updated=report.total("rows_updated"),
        rows_unchanged=report.total("rows_unchanged"),
        rows_rejected=report.total("rows_rejected"),
        quarantine_file=str(report.quarantine_dir) if report.quarantine_dir else None,
    )
