"""Rejected rows turned into Chinese reasons and scrubbed original cells for the quarantine file.

The quarantine sits next to the database and is opened by analysts (and downloaded from the 数据
page), so it follows the database's privacy rule: it keeps only the columns Minyi imports (personal,
ignored and unused columns never reach it), and ID-card, phone and e-mail details and the row's
person name are masked in every cell but the case id.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from minyi import db
from minyi.ingest.mapping import ColumnPlan
from minyi.ingest.messages import describe, locate
from minyi.ingest.quarantine import RejectedRows
from minyi.ingest.readers import RawTable
from minyi.ingest.reports import FileReport


def rejected_rows(
    con: duckdb.DuckDBPyConnection, raw: RawTable, plan: ColumnPlan, problems: list, report: FileReport
) -> RejectedRows:
    """`problems` are (sheet row, [problem structs]) from the staging query; counts go to `report`."""
    row_numbers = raw.row_numbers.to_numpy()
    numbers, reasons = [], []
    for source_row, row_problems in problems:
        report.reasons.update(p["code"] for p in row_problems)
        numbers.append(source_row)
        reasons.append("；".join(describe(p["code"], p["field"], p["value"], plan.field_headers) for p in row_problems))
    positions = pa.array(np.searchsorted(row_numbers, numbers), type=pa.int64())
    keep_headers = quarantine_headers(raw.headers, plan)
    name_header = plan.field_headers.get("person_name")
    names = raw.table.column(name_header).take(positions).to_pylist() if name_header else [None] * len(numbers)
    originals = raw.table.select(keep_headers).take(positions).to_pylist()
    rows = [[reason, *cells.values()] for reason, cells in zip(reasons, originals)]
    id_field = next((f for f in ("case_id", "event_id", "item_id") if f in plan.field_headers), None)
    id_position = 1 + keep_headers.index(plan.field_headers[id_field]) if id_field else None
    rows = _scrub_cells(con, rows, names, keep=id_position)
    reasons = [row[0] for row in rows]
    cells = [dict(zip(keep_headers, row[1:])) for row in rows]
    for number, line in raw.malformed:
        report.reasons.update(["column_count"])
        numbers.append(number)
        reasons.append(describe("column_count", "", _mask_line(line, plan), {}))
        cells.append({})
    messages = [locate(raw.label, n, r) for n, r in zip(numbers, reasons)]
    return RejectedRows(raw.label, keep_headers, numbers, reasons, cells, messages)


def quarantine_headers(headers: list[str], plan: ColumnPlan) -> list[str]:
    """The columns a quarantine file keeps: those Minyi imports (the fields, and the answer columns of
    a wide survey table), as in the export. A column Minyi does not use is left out too, since its
    header may not say that it holds personal data ("Pick Up Location") and nothing re-imports it."""
    imported = {h for f, h in plan.field_headers.items() if f != "person_name"} | set(plan.answer_columns)
    return [h for h in headers if h in imported and h not in plan.personal]


def _scrub_cells(con: duckdb.DuckDBPyConnection, rows: list[list], names: list, keep: int | None) -> list[list]:
    """Every text of the rejected rows, but the cell at position `keep` (the case id), masked."""
    if not rows:
        return rows
    width = len(rows[0])
    positions = [p for p in range(width) if p != keep]
    cells = pa.table({
        "row_position": pa.array(np.repeat(np.arange(len(rows)), len(positions)), type=pa.int64()),
        "cell_position": pa.array(np.tile(positions, len(rows)), type=pa.int64()),
        "value": pa.array([row[p] for row in rows for p in positions], type=pa.string()),
        "person_name": pa.array([name for name in names for _ in positions], type=pa.string()),
    })
    with db.register(con, "quarantine_cells", cells):
        scrubbed = db.run(con, "import/scrub_cells")
    result = [list(row) for row in rows]
    for row, cell, value in scrubbed.itertuples(index=False):
        result[row][cell] = None if value is None or value != value else value
    return result


def _mask_line(line: str, plan: ColumnPlan) -> str:
    """A malformed line cannot be split into columns, so neither personal or ignored columns nor the
    phone and ID numbers of a free text (the summary, a column Minyi does not use) can be removed
    from it: keep only its length when it may hold any of them."""
    if plan.personal or plan.ignored or plan.unused or "summary" in plan.field_headers:
        return f"共 {len(line)} 个字符，原文因可能含个人信息未保留"
    return line
