"""The tables derived from cases, grid events, 办件 and 咨询人次, which the pages read instead of the
records: rewritten in the import's transaction, the months an import touched or, for a database an
older version wrote, whole; an import whose case tables do not count every case is refused."""

from __future__ import annotations

import datetime as dt

import duckdb

from minyi import db, parts
from minyi.ingest.mapping import ExportError


def upgrade_cases(con: duckdb.DuckDBPyConnection) -> bool:
    """Give a `cases` table written before closure_known / repeat_known existed those columns,
    inferred per source (its exports carried the column per source_fields, or, without a record,
    any of its cases is closed / a repeat), in the caller's transaction. True when it did."""
    if bool(db.run(con, "import/cases_known_columns")["present"].iloc[0]):
        return False
    db.execute(con, "import/add_known_columns")
    return True


# The tables derived from cases, in the order they are written (the last two read case_facts): the
# case tables kept per month, but cases.
DERIVED_CASE_TABLES = tuple(table for table in parts.CASE_TABLES if table != "cases")


def refresh_case_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the tables derived from cases (DERIVED_CASE_TABLES) from every case, in the caller's
    transaction, for a database written by an older version. The history parts' months come back
    first: their derived rows were written by the version that wrote them."""
    db.execute(con, "ddl/derived_rows")
    parts.pull_every_month(con)
    upgrade_cases(con)
    for table in DERIVED_CASE_TABLES:
        db.execute(con, f"import/refresh_{table}")


def refresh_touched_case_months(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the rows of the tables derived from cases of the months the import's cases touched
    (import/touch_case_months recorded them), in the caller's transaction: a nightly export of a
    few months costs those months, however many years the database holds."""
    db.execute(con, "import/replace_touched_months")


def check_case_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse to publish an import whose derived tables do not count every case (the whole import is
    undone): DuckDB 2.0.0 hid a large insert from the same transaction's later reads, and the pages
    then showed no cases at all. Counts and small rollups only, so it costs nothing per import."""
    if not bool(db.run(con, "derived_rows_match")["matches"].iloc[0]):
        raise ExportError("导入后统计表与案件数不符，本次导入已整体撤销，数据库保持导入前的状态；请保留导入文件并联系维护人员")


def case_tables_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the tables derived from cases are in their current shape and count every case, so
    that rewriting the months an import touches leaves them right."""
    return (int(db.run(con, "derived_tables")["present"].iloc[0]) == db.DERIVED_TABLES
            and bool(db.run(con, "derived_rows_match")["matches"].iloc[0]))


# The tables derived from grid events, 办件 and 咨询人次, in the order they are rebuilt (the month
# rollups read the day rollups).
ROLLUPS = {"grid": ("grid_event_step_days", "grid_event_steps", "grid_event_days"),
           "service": ("service_item_step_days", "service_item_steps", "service_item_days"),
           "consultation": ("service_consultation_months",)}


def refresh_rollups(con: duckdb.DuckDBPyConnection, records: str) -> None:
    """Rebuild the rollups of grid events, 办件 or 咨询人次 (`records`: grid, service, consultation)
    that their pages read, in the caller's transaction."""
    if records == "consultation":  # counted once by the query the pages use for other periods
        db.execute(con, "ddl/analysis_macros")  # its filter macro, on a database whose derived tables are old
        counted = db.run(con, "service/consultation_counts", start=dt.date.min, end=dt.date.max, township=None)
        con.register("counted_consultations", counted)
    try:
        for table in ROLLUPS[records]:
            db.execute(con, f"import/refresh_{table}")
    finally:
        if records == "consultation":
            con.unregister("counted_consultations")
