"""What a database holds: demo or real data, and when it was last imported."""

from __future__ import annotations

from pathlib import Path

import duckdb

from minyi import db

DEMO = "demo"


def _meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(db.run(con, "meta_facts").itertuples(index=False))


def describe(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The database's meta facts (dataset_kind, county, ...), and `case_sources`, the sources its
    cases come from (petition,complaint), for what the pages and the briefing say."""
    facts = _meta(con)
    carried = db.run_if_present(con, "source_fields")  # one row per source with cases and field (memoised)
    if carried is not None:
        facts["case_sources"] = ",".join(sorted(set(carried["source"])))
    return facts


def county_name(facts: dict[str, str]) -> str:
    return facts.get("county", "本县")


def source_line(facts: dict[str, str], scope_source: str | None = None) -> str:
    """The data-source line of a chart or briefing: the county and the systems its exports come
    from (of cases, or of `scope_source`: petition, complaint, grid, service), marked when the numbers
    are the generated demo. Of both case sources, only those the database holds cases of."""
    if scope_source:
        return sources_line(facts, [scope_source])
    held = facts.get("case_sources", "petition,complaint").split(",")
    return sources_line(facts, [source for source in ("petition", "complaint") if source in held]
                        or ["petition", "complaint"])


SYSTEMS = {"petition": "信访系统", "complaint": "12345热线等投诉系统", "grid": "网格化服务管理平台事件",
           "service": "政务服务平台办件", "survey": "满意度测评和民意调查结果"}


def sources_line(facts: dict[str, str], sources: list[str], also: str = "") -> str:
    """source_line of several sources (petition, complaint, grid, service), and `also` (another
    document the numbers come from, such as the 考核手工评分表) after them."""
    named = "、".join(SYSTEMS[source] for source in dict.fromkeys(sources))
    demo = "（演示数据）" if facts.get("dataset_kind") == DEMO else ""
    exported = f"{named}导出" if named else ""
    return f"{county_name(facts)}{'及'.join(filter(None, (exported, also)))}{demo}"


class RealDataError(Exception):
    """Refusal to overwrite a database that holds a county's own data."""


def snapshot_is_demo(snapshot: Path) -> bool:
    """True when a snapshot file holds the generated demo county."""
    con = db.connect(snapshot, read_only=True)
    try:
        return _meta(con).get("dataset_kind") == DEMO
    finally:
        con.close()


# The demo's generation (none: before grid events; 2: before 办件; 3: before 考核 entries): an older
# demo is built anew on start.
DEMO_VERSION = "4"


def outdated_demo(snapshot: Path) -> bool:
    """True when a snapshot holds a demo county made by an older generator (it lacks what the
    pages now show, such as grid events); a county's own data is never outdated."""
    con = db.connect(snapshot, read_only=True)
    try:
        facts = _meta(con)
    finally:
        con.close()
    return facts.get("dataset_kind") == DEMO and facts.get("demo_version") != DEMO_VERSION


def guard_real_data(snapshot: Path | None, replace_real_data: bool) -> bool:
    """For snapshot_files.publishing(start_empty=...) when writing the demo: refuses to replace a county's
    own imported data unless told to, and always starts the demo from an empty database."""
    if snapshot is None or replace_real_data:
        return True
    con = db.connect(snapshot, read_only=True)
    try:
        real = _meta(con).get("dataset_kind") != DEMO
        holds_data = int(db.run(con, "imported_rows")["rows_imported"].iloc[0]) > 0
    finally:
        con.close()
    if real and holds_data:
        raise RealDataError(f"数据库 {snapshot} 中是正式数据；如确需替换为演示数据，请加 --force")
    return True


def derived_tables_current(snapshot: Path) -> bool:
    """Whether a snapshot has case_facts, late_cases and case_months built from its cases (a
    snapshot written before those tables existed has not), and every column this version reads."""
    con = db.connect(snapshot, read_only=True)
    try:
        if int(db.run(con, "derived_tables")["present"].iloc[0]) < db.DERIVED_TABLES:
            return False
        if not bool(db.run(con, "schema_current")["current"].iloc[0]):  # published again, it gains the columns
            return False
        return bool(db.run(con, "derived_rows_match")["matches"].iloc[0]) and db.run(con, "stale_rollups").empty
    finally:
        con.close()
