"""What a database holds: demo or real data, and when it was last imported."""

from __future__ import annotations

from pathlib import Path

import duckdb

from minyi import db

DEMO = "demo"


def describe(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The database's meta facts (dataset_kind, county, ...)."""
    return dict(db.run(con, "meta_facts").itertuples(index=False))


def is_demo(db_path: Path) -> bool:
    """True when the published database holds the generated demo county."""
    if db.current_snapshot(db_path) is None:
        return False
    con = db.open_reader(db_path)
    try:
        return describe(con).get("dataset_kind") == DEMO
    finally:
        con.close()
