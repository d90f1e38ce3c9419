"""History parts: the cases of settled months kept in files that are written once, so that an import
copies the months it touches and not the years a province holds.

A published snapshot is a file (the current part) that an import copies, changes and publishes
(minyi.snapshot_files.publishing). Once it holds more than MINYI_CURRENT_PART_CASES cases, the import moves all
but its latest months of cases and of the tables derived from them (CASE_TABLES) into a new history
part in the same folder, and records which part owns which month (case_parts); every other table
stays in the current part. Readers attach the parts read-only and read each case table through a
view of the same name: the current part's rows and each part's rows of the months it owns. An import
touching a part's month copies that month back first (import/pull_history_months.sql), so the
current part owns it again; the part's copy is masked, never changed. A ninth part merges the others
into one, so a reader attaches at most MAX_PARTS.

A database that never grew past the limit has no parts, and reads as one file.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import duckdb
import pandas as pd

from minyi import config, db

# The tables of cases kept per month, with the column whose month a row belongs to.
CASE_TABLES = {"cases": "received_date", "case_facts": "received_date", "late_cases": "received_date",
               "case_months": "month", "case_steps": "month"}
# A part's index of its cases by id (source, case_id, month), in id order: an import finds the
# stored versions of its cases by id without reading the parts' cases (ids follow receipt, so the
# scan skips the row groups outside the staged ids' range).
ID_INDEX = "case_ids"
KEEP_MONTHS = 3  # the latest months stay in the current part: a nightly export mostly touches those
MAX_PARTS = 8
PART_NAME = re.compile(r"p\d+")  # attach names minyi gave its parts: an identifier, safe in SQL


def owned(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, list[dt.date]]]:
    """Per part the current part lists: its file and the months it owns (none on an older file)."""
    rows = db.run_if_present(con, "parts/listed")
    parts: dict[str, tuple[str, list[dt.date]]] = {}
    for part, file, month in [] if rows is None else rows.itertuples(index=False):
        if not PART_NAME.fullmatch(part):
            raise ValueError(f"历史分区名称无效：{part}")
        parts.setdefault(part, (file, []))[1].append(month.date() if hasattr(month, "date") else month)
    return parts


def folder(con: duckdb.DuckDBPyConnection) -> Path:
    """The folder of the connection's current part, where its history parts are."""
    return Path(db.run(con, "parts/current_file")["path"].iloc[0]).parent


def attach(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, list[dt.date]]]:
    """Attach the parts the current part lists, read-only (once per database instance)."""
    parts = owned(con)
    if parts:
        where = folder(con)
        for part, (file, _) in parts.items():
            path = str(where / file).replace("'", "''")
            con.execute(f"attach if not exists '{path}' as {part} (read_only)")
    return parts


def _owned_rows(part: str, table: str, day: str, months: list[dt.date], columns: str = "*") -> str:
    """The rows of a part's table in the months it owns (`day` the column giving a row's month): a
    range test first, so the scan skips the row groups outside, then the months themselves."""
    listed = ", ".join(f"date '{month:%Y-%m-%d}'" for month in months)
    return (f"select {columns} from {part}.main.{table} where {day} >= date '{min(months):%Y-%m-%d}' "
            f"and {day} < date '{max(months):%Y-%m-%d}' + interval 1 month "
            f"and list_contains([{listed}], cast(date_trunc('month', {day}) as date))")


def create_views(con: duckdb.DuckDBPyConnection, parts: dict[str, tuple[str, list[dt.date]]], reader: bool,
                 current: str | None = None) -> None:
    """Temporary views over the parts (per connection or cursor). For a reader, one per case table,
    named as it: the current part's rows with each part's rows of its months. For a writer, which
    must write the tables themselves, history_<table>: the parts' rows alone. `current`: the current
    part's catalog name, when the caller has it."""
    current = (current or db.run(con, "parts/current_file")["name"].iloc[0]).replace('"', '""')
    for table, day in CASE_TABLES.items():
        own = f'select * from "{current}".main.{table}'
        branches = [own if reader else f"{own} where false"]
        branches += [_owned_rows(part, table, day, months) for part, (_, months) in parts.items()]
        name = table if reader else f"history_{table}"
        con.execute(f"create or replace temp view {name} as " + " union all by name ".join(branches))
    if not reader:
        index = ["select cast(null as varchar) as source, cast(null as varchar) as case_id, "
                 "cast(null as date) as month where false"]
        index += [_owned_rows(part, ID_INDEX, "month", months, "source, case_id, month")
                  for part, (_, months) in parts.items()]
        con.execute(f"create or replace temp view history_{ID_INDEX} as " + " union all by name ".join(index))


def open_for_reading(con: duckdb.DuckDBPyConnection) -> None:
    """Attach a snapshot's parts and make its case tables read through them (nothing without parts)."""
    parts = attach(con)
    if parts:
        create_views(con, parts, reader=True)


def would_settle(held: pd.DataFrame | None) -> bool:
    """Whether a current part holding these months (parts/current_months: month, cases) moves some to a
    history part: more than MINYI_CURRENT_PART_CASES cases and more than its latest KEEP_MONTHS months."""
    return held is not None and held["cases"].sum() > config.CURRENT_PART_CASES.number(minimum=1) \
        and len(held) > KEEP_MONTHS


def settle(con: duckdb.DuckDBPyConnection) -> bool:
    """In a writer's copy: once the current part holds more than MINYI_CURRENT_PART_CASES cases, move
    all but its latest KEEP_MONTHS months into a new part (with every existing part when that would
    make more than MAX_PARTS). The part is written before the copy forgets the months, and both are
    published together or not at all: a writer killed before publishing leaves a part no snapshot
    names, which the next writer removes. True when most of the copy's cases moved: it is then mostly
    free space, and minyi.snapshot_files publishes it compacted. A month moving out of a province's
    current part (a quarter of it) leaves space the next imports fill, so that copy is not rewritten."""
    held = db.run_if_present(con, "parts/current_months")  # none on a database from before the rollup
    if not would_settle(held):
        return False
    months = [month.date() if hasattr(month, "date") else month for month in held["month"].iloc[:-KEEP_MONTHS]]
    mostly_moved = held["cases"].iloc[:-KEEP_MONTHS].sum() * 2 > held["cases"].sum()
    current = db.run(con, "parts/current_file").iloc[0]
    parts = attach(con)
    create_views(con, parts, reader=False, current=current["name"])
    merging = len(parts) + 1 > MAX_PARTS
    part = f"p{time.time_ns()}"
    file = Path(current["path"]).parent / f"{Path(current['path']).stem}-{part}.part.duckdb"
    own = '"{}".main'.format(current["name"].replace('"', '""'))
    con.execute("attach '{}' as {}".format(str(file).replace("'", "''"), part))
    db.execute(con, "ddl/derived_rows")  # in_months
    con.execute("set variable settled_months = $months", {"months": months})
    for table, day in CASE_TABLES.items():
        rows = f"select * from {own}.{table} where in_months({day}, getvariable('settled_months'))"
        if merging:
            rows += f" union all by name select * from history_{table}"
        con.execute(f"create table {part}.main.{table} as {rows} order by {day}")
    con.execute(f"create table {part}.main.{ID_INDEX} as select source, case_id, "
                f"cast(date_trunc('month', received_date) as date) as month from {part}.main.cases "
                "order by source, case_id")
    con.execute(f"detach {part}")
    if merging:
        months += [month for _, owned_months in parts.values() for month in owned_months]
        db.execute(con, "parts/forget_parts")
    con.execute("set variable settled_months = $months", {"months": sorted(months)})
    con.execute("set variable settled_part = $part", {"part": part})
    db.execute(con, "parts/release_settled_months")
    db.execute(con, "parts/add_part", part=part, file=file.name)
    return mostly_moved


def pull_every_month(con: duckdb.DuckDBPyConnection) -> None:
    """In a writer's copy: copy every month of the parts back into the current part, which owns them
    all after (before rebuilding the derived tables of an older version: the parts are never
    written)."""
    history = attach(con)
    if history:
        create_views(con, history, reader=False)
        db.execute(con, "import/pull_every_history_month")  # every month the parts own, pulled
        db.execute(con, "import/pull_months")
        db.execute(con, "parts/forget_parts")


def files(snapshot: Path) -> set[str] | None:
    """The part files a snapshot file reads (kept while the snapshot may be read); None when it
    cannot be opened to tell (then no part is removed)."""
    try:
        con = duckdb.connect(str(snapshot), read_only=True)
    except duckdb.Error:
        return None
    try:
        return {file for file, _ in owned(con).values()}
    finally:
        con.close()

