"""DuckDB against ClickHouse (chdb, in-process) on the queries each case page runs (issue 15, Tier 2).

For each page (总览, 信访投诉趋势, 办理时效, 满意度, 排名) the queries of its default view are recorded as the
dashboard runs them on DuckDB (AppTest, memos emptied), then each page's list is run side by side on
the same machine: on DuckDB (the published snapshot, history parts attached) and on chdb (the same
tables copied in at the start, each sorted and partitioned by its date or month column), best of three, no memo on either
side. Prints seconds per page on each backend and their ratio (chdb ÷ DuckDB).

Then the copy into ClickHouse that follows each import (minyi.clickhouse_loads.published): the whole
database copied into an empty ClickHouse database (what every load cost before loads became
incremental, and still the first one), against the load after a nightly export (100,000 rows received
over the history's last week, as in bench/import.py) is imported, which fingerprints every month,
sends the changed ones and attaches the rest from the whole copy.

    .venv/bin/python bench/backends.py [--rows 10000000] [--out-dir bench/out]
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_generator import cached_export  # noqa: E402
from minyi import clickhouse, clickhouse_loads, db, dialects, snapshot_files  # noqa: E402
from minyi.demo import DATA_UNTIL  # noqa: E402
from pages import DASHBOARD, PAGE_COLUMNS, demo_arguments  # noqa: E402  (bench/pages.py)

REPEATS = 3


def recorded_queries(page: str) -> list[tuple[str, dict]]:
    """The (query, parameters) the page's default view runs, in order, each once."""
    from streamlit.testing.v1 import AppTest

    from minyi import view_cache

    ran: dict[str, tuple[str, dict]] = {}
    run = db.run

    def recording(con, name, /, **params):
        ran.setdefault(f"{name} {sorted(params.items())!r}", (name, params))
        return run(con, name, **params)

    app = AppTest.from_file(DASHBOARD, default_timeout=600)
    app.run()
    db._memo.clear()
    view_cache.clear()
    db.run = recording
    try:
        app.switch_page(page)
        app.run()
    finally:
        db.run = run
    if app.exception:
        raise SystemExit(f"{page} failed: {app.exception}")
    return [query for query in ran.values() if query[0] not in dialects.DUCKDB_CATALOG]


def seconds(con, queries: list[tuple[str, dict]]) -> float:
    """Best of REPEATS runs of every query in the list, one after another."""
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        for name, params in queries:
            db.run(con, name, **params)
        best = min(best, time.perf_counter() - started)
    return best


NIGHTLY_ROWS = 100_000


def whole_copy(out_dir: Path, path: Path, rows: int) -> tuple[clickhouse.Store, clickhouse_loads.EarlierLoad, float]:
    """The demo database copied whole into an empty chdb database (the first load): the store, the
    load's partitions and its seconds."""
    print(f"copying {rows:,} cases into chdb ...", flush=True)
    store = clickhouse.chdb_store(out_dir / "chdb", f"demo{rows}")
    started = time.perf_counter()
    partitions = clickhouse_loads.load_snapshot(store, snapshot_files.current_snapshot(path))
    return store, clickhouse_loads.EarlierLoad(store.database, partitions), time.perf_counter() - started


def print_nightly_load(out_dir: Path, path: Path, rows: int, whole: clickhouse_loads.EarlierLoad,
                       whole_seconds: float) -> None:
    """The load after a nightly import, against the whole copy, printed side by side."""
    importer = importlib.import_module("import")  # bench/import.py: the nightly import into a copy
    export = cached_export(out_dir, NIGHTLY_ROWS, ".csv", first_day=str(DATA_UNTIL - dt.timedelta(days=6)),
                           span_days=7)
    with tempfile.TemporaryDirectory(dir=out_dir) as work:
        imported = importer.history_import("nightly", export, Path(work), path, again=False)[0]
        after = clickhouse.chdb_store(out_dir / "chdb", f"nightly{rows}")
        started = time.perf_counter()
        nightly = snapshot_files.current_snapshot(Path(work) / "minyi.duckdb")
        sent = clickhouse_loads.load_snapshot(after, nightly, whole)
        nightly_seconds = time.perf_counter() - started
    copied, partitions = sent[sent["copied"]], whole.partitions
    print(f"\nload into ClickHouse          {'seconds':>8s} {'partitions sent':>16s} {'rows sent':>12s}")
    print(f"{'whole database':28s} {whole_seconds:8.1f} {len(partitions):16,d} {partitions['rows'].sum():12,d}")
    print(f"{'after a nightly import':28s} {nightly_seconds:8.1f} {len(copied):16,d} {copied['rows'].sum():12,d}"
          f"   (the import itself: {imported.seconds:.1f} s)")
    print(f"after a nightly import ÷ whole copy: {nightly_seconds / whole_seconds:.2f}×")


def main() -> int:
    args, path = demo_arguments(__doc__.splitlines()[0])
    store, whole, whole_seconds = whole_copy(args.out_dir, path, args.rows)
    duck = db.cursor(db.connect(snapshot_files.current_snapshot(path), read_only=True))  # no memo

    print(f"\n{'page':24s} {'queries':>8s} {'DuckDB s':>9s} {'chdb s':>8s} {'chdb/DuckDB':>12s}")
    ratios = []
    for page in PAGE_COLUMNS:
        queries = recorded_queries(page)
        on_duckdb, on_chdb = seconds(duck, queries), seconds(store, queries)
        ratios.append(on_chdb / on_duckdb)
        print(f"{page:24s} {len(queries):8d} {on_duckdb:9.3f} {on_chdb:8.3f} {on_chdb / on_duckdb:11.2f}×", flush=True)
    print(f"\nchdb ÷ DuckDB over the pages: {min(ratios):.2f}–{max(ratios):.2f}× (for information: one process, "
          "one machine; ClickHouse is for past one machine)")
    print_nightly_load(args.out_dir, path, args.rows, whole, whole_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
