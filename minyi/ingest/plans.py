"""How each table of an export is imported (its kind, source and column plan), and the table of
Minyi fields it becomes: one text column per field, without blank rows or the notes under the data.
The import run (pipeline.py) stages, checks and stores what this module hands it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from minyi.ingest.fields import (ASSESSMENT_MARKERS, CASE_FIELDS, CATALOGUE_FIELDS, CATALOGUE_MARKERS,
                                 CONSULTATION_MARKERS, EMPTY_VALUES,
                                 GRID_MARKERS, SERVICE_FIELDS, SERVICE_MARKERS, SURVEY_FIELDS, fields_for,
                                 normalise_header)
from minyi.ingest.mapping import ColumnPlan, ExportError, Mapping, guess_source, plan_columns
from minyi.ingest.readers import RawTable, read_export

# The first words of the notes exports carry below the data: totals, who made the table.
DIMENSIONS = {"township", "department"}
FOOTER = re.compile(r"^\s*(合计|总计|小计|共计|共\s*\d|制表|审核|填报|打印|备注|说明|注[:：])")


@dataclass(frozen=True)
class Plan:
    """One export table and how it will be imported."""

    raw: RawTable
    kind: str
    source: str | None
    columns: ColumnPlan
    empty_values: frozenset[str] = EMPTY_VALUES  # the built-in ones and the mapping file's


def plan_file(path: Path, kind: str | None, source: str | None, mapping: Mapping, warnings: list[str]) -> list[Plan]:
    """How each table of a file is imported. Sheets that cannot be mapped are skipped with a
    warning when another sheet of the workbook can be; otherwise the first error is raised."""
    plans, errors = [], []
    for raw in read_export(path, mapping):
        raw = raw.with_bounded_cells(warnings)
        try:
            survey_hint = mapping.survey_name or mapping.survey_date
            table_kind = kind or mapping.kind or ("survey" if survey_hint else guess_kind(raw.headers))
            columns = plan_columns(raw.headers, table_kind, mapping, raw.file, raw.header_found)
            raw = _without_private_columns(raw, columns)
            warnings.extend(f"{raw.label}：{warning}" for warning in columns.warnings)
            table_source = None
            if table_kind == "cases":
                table_source = source or mapping.source or guess_source(raw.headers, raw.file)
            plans.append(Plan(raw, table_kind, table_source, columns, EMPTY_VALUES | mapping.empty_values))
        except ExportError as error:
            errors.append((raw, error))
    if not plans:
        raise errors[0][1]
    warnings.extend(f"{raw.label} 未导入：{error}" for raw, error in errors)
    return plans


def _without_private_columns(raw: RawTable, columns: ColumnPlan) -> RawTable:
    """The table without its personal-data and ignored columns, so that no later step (staging,
    quarantine, messages) can write them anywhere. The name column stays, to scrub the row's
    own name from its texts; it is never stored or written."""
    name_header = columns.field_headers.get("person_name")
    dropped = {*columns.personal, *columns.ignored} - {name_header}
    if not dropped:
        return raw
    kept = [h for h in raw.headers if h not in dropped]
    return replace(raw, headers=kept, table=raw.table.select(kept))


def guess_kind(headers: list[str]) -> str:
    """survey for a table with survey vocabulary and no case-id column; grid for one with a column
    only grid-event exports have (fields.GRID_MARKERS: 网格, 事件编号, 处置时限, ...); service for one
    with a column only 办件 exports have (fields.SERVICE_MARKERS: 事项名称, 承诺时限, ...), unless it is
    a count of 咨询人次 (consultation) or a year's list of matters without receipt times (catalogue);
    cases otherwise. A 考核手工评分表 (fields.ASSESSMENT_MARKERS: 考核名称, 被考核单位, ...) is assessment."""
    names = {normalise_header(h) for h in headers}
    if len(names & set(ASSESSMENT_MARKERS)) >= 2:
        return "assessment"
    survey_words = set(SURVEY_FIELDS["survey_name"] + SURVEY_FIELDS["item"] + SURVEY_FIELDS["survey_date"])
    if names & survey_words and not names & set(CASE_FIELDS["case_id"]):
        return "survey"
    if names & set(GRID_MARKERS):
        return "grid"
    if names & set(CONSULTATION_MARKERS):
        return "consultation"
    received = set(SERVICE_FIELDS["received_at"]) | set(CASE_FIELDS["received_at"])
    listed = names & set(CATALOGUE_FIELDS["year"]) and names & set(SERVICE_FIELDS["matter_name"])
    if (names & set(CATALOGUE_MARKERS) or listed) and not names & received:
        return "catalogue"
    return "service" if names & set(SERVICE_MARKERS) else "cases"


def is_assessment_sheet(path: Path) -> bool:
    """Whether a file is a 考核手工评分表 (a header among its first rows names two of
    fields.ASSESSMENT_MARKERS), read cheaply: only .xlsx and text files, only their first rows.
    Such a sheet scores the data already imported, so importing it keeps the demo county."""
    suffix = Path(path).suffix.lower()
    rows: list[list] = []
    try:
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            try:
                rows = [list(row) for row in book.worksheets[0].iter_rows(max_row=10, values_only=True)]
            finally:
                book.close()
        elif suffix in (".csv", ".txt"):
            head = Path(path).read_bytes()[:8192]
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    rows = [re.split(r"[,\t]", line) for line in head.decode(encoding).splitlines()[:10]]
                    break
                except UnicodeDecodeError:
                    continue
    except Exception:  # an unreadable file is the importer's to report, with its reasons
        return False
    markers = set(ASSESSMENT_MARKERS)
    return any(len({normalise_header(cell) for cell in row} & markers) >= 2 for row in rows)


def field_table(plan: Plan) -> tuple[pa.Table, int, tuple[int, ...], list[tuple[int, str]]]:
    """The export as one text column per Minyi field (null where absent), without blank rows
    and without the notes below the data (合计, 制表人, ...).

    Returns the table, the number of blank rows, the footer rows left out (sheet row numbers)
    and the malformed rows that are not footers.
    """
    raw, known = plan.raw, fields_for(plan.kind)[0]
    count = raw.table.num_rows
    columns = {}
    for name in [*known, *DIMENSIONS.difference(known)]:  # every kind's table has both (unknown_spellings reads them)
        header = plan.columns.field_headers.get(name)
        columns[name] = raw.table.column(header) if header else pa.nulls(count, pa.string())
    present = np.zeros(count, dtype=bool)
    for header in raw.headers:
        if header not in plan.columns.personal:
            present |= raw.table.column(header).is_valid().to_numpy(zero_copy_only=False)
    footer, last_data_row = _footer_rows(plan, present)
    kept = np.flatnonzero(present & ~footer)
    table = pa.table({"source_row": raw.row_numbers, **columns})
    if len(kept) < count:  # take() copies every cell, which a large export without blank rows need not pay
        table = table.take(kept)
    if plan.columns.answer_columns:
        table = _one_row_per_answer(table, plan, kept if len(kept) < count else None)
    footers = [int(n) for n in raw.row_numbers.to_numpy()[footer]]
    malformed = []
    for number, line in raw.malformed:
        if number > last_data_row and FOOTER.match(line.strip('"')):
            footers.append(number)
        else:
            malformed.append((number, line))
    return table, int((~present).sum()), tuple(sorted(footers)), malformed


def _one_row_per_answer(table: pa.Table, plan: Plan, kept: np.ndarray | None) -> pa.Table:
    """A wide survey table (满意 | 基本满意 | 不满意 columns of vote counts) as one row per filled
    answer cell, which is the grain of survey_responses; each such cell counts as a row read."""
    parts = []
    empty = pa.array(sorted(plan.empty_values))
    for header in plan.columns.answer_columns:
        votes = plan.raw.table.column(header)
        votes = votes.take(kept) if kept is not None else votes
        part = table.set_column(table.schema.get_field_index("answer"), "answer",
                                pa.array([normalise_header(header)] * table.num_rows, pa.string()))
        part = part.set_column(part.schema.get_field_index("votes"), "votes", votes)
        voted = pc.and_(votes.is_valid(), pc.invert(pc.is_in(pc.utf8_trim_whitespace(votes), empty)))
        parts.append(part.filter(voted))
    return pa.concat_tables(parts).sort_by("source_row")


def _footer_rows(plan: Plan, present: np.ndarray) -> tuple[np.ndarray, int]:
    """The block of rows at the end whose first cell reads like a note (合计, 制表人, ...) and that
    lack a required field (a real last case may well begin 共3户村民反映…), blank rows between
    them allowed; and the sheet row number of the last data row above them."""
    raw = plan.raw
    required = [plan.columns.field_headers[f] for f in fields_for(plan.kind)[1] if f in plan.columns.field_headers]
    footer = np.zeros(len(present), dtype=bool)
    for position in np.flatnonzero(present)[::-1]:
        row = raw.table.slice(int(position), 1).to_pylist()[0]
        first = next((v for v in row.values() if v), "")
        if not FOOTER.match(str(first)) or all(row[h] for h in required):
            return footer, int(raw.row_numbers[int(position)].as_py())
        footer[position] = True
    return footer, 0
