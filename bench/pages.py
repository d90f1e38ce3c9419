"""Page benchmark: every dashboard page re-rendered after a filter change, on 10 million cases.

Targets, each measured in this run, side by side:
- a filter change re-renders any page, all its queries included, in under 0.5 s server-side
  (the script run Streamlit does on the server, timed through AppTest);
- no page's query time exceeds 5× a bare scan of the same columns over the period
  (`count(*) ... group by` over case_facts for the view's dates);
- for information: the overview's numbers computed with pandas on a DataFrame already in memory,
  the naive baseline, as a ratio to the same numbers from DuckDB.

    .venv/bin/python bench/pages.py [--rows 10000000] [--out-dir bench/out]

The demo county at --rows is generated once into the out dir and reused (about 3 minutes for
10 million cases). Query results and computed views are memoised per snapshot in the dashboard,
so both memos are emptied before every timed run: each number is a first visit of that view.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path


PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from minyi import dataset, db, periods  # noqa: E402
from minyi.demo import build_demo  # noqa: E402
from minyi.ingest.publish import refresh_derived  # noqa: E402
from pandas_overview import pandas_overview_seconds  # noqa: E402  (bench/ is the script's folder)
from query_clock import timed_run  # noqa: E402

RENDER_TARGET_SECONDS = 0.5
SCAN_RATIO_TARGET = 5.0
DASHBOARD = str(PROJECT_ROOT / "dashboard.py")

# The columns of case_facts each page's queries read; the bare scan reads the same ones.
PAGE_COLUMNS = {
    "pages/overview.py": ("source", "township", "department", "category", "closed_date", "closed_on_time",
                          "satisfaction", "is_repeat"),
    "pages/trends.py": ("source", "township", "department", "category", "channel"),
    "pages/timeliness.py": ("source", "township", "department", "category", "closed_date", "closed_on_time",
                            "handling_days", "satisfaction", "is_repeat"),
    "pages/satisfaction.py": ("source", "township", "department", "category", "closed_date", "closed_on_time",
                              "satisfaction", "is_repeat"),
    "pages/rankings.py": ("source", "township", "department", "category", "closed_date", "closed_on_time",
                          "satisfaction", "is_repeat"),
}
# Filter changes applied one after another; each gives a view not seen before.
CHANGES = (("township", "河口镇"), ("township", "城关街道"), ("source", "petition"), ("month", 6), ("township", "全部"))


@dataclass
class Render:
    page: str
    change: str
    seconds: float
    query_seconds: float
    bare_scan_seconds: float

    @property
    def scan_ratio(self) -> float:
        return self.query_seconds / self.bare_scan_seconds


def _cases(snapshot: Path) -> int:
    con = db.connect(snapshot, read_only=True)
    try:
        return con.execute("select count(*) from cases").fetchone()[0]
    finally:
        con.close()


def demo_database(out_dir: Path, rows: int) -> Path:
    path = out_dir / f"pages-demo-{rows}" / "minyi.duckdb"
    snapshot = db.current_snapshot(path)
    started = time.perf_counter()
    if snapshot is None or dataset.outdated_demo(snapshot) or _cases(snapshot) != rows:
        # an older generator's demo would be rebuilt by the dashboard's first run at the default size
        # (and one so rebuilt holds 100,000 cases, not `rows`)
        print(f"generating the demo county with {rows:,} cases into {path.parent} (once) ...", flush=True)
        print(build_demo(path, rows=rows, replace_real_data=True))
    elif not dataset.derived_tables_current(snapshot):
        print("rebuilding the tables derived from cases (the database predates them) ...", flush=True)
        refresh_derived(path)
    else:
        return path
    print(f"  {time.perf_counter() - started:.0f} s")
    return path


def _apply(app, change: tuple[str, object]) -> None:
    key, value = change
    if key == "source":
        app.button_group(key="source").set_value(value)
    else:
        app.sidebar.selectbox(key=key).set_value(value)


def _view_period(app) -> tuple[dt.date, dt.date]:
    """The 1–N月 period the sidebar shows (the benchmark keeps the default period type)."""
    period = periods.year_to_date(app.sidebar.selectbox(key="year").value, app.sidebar.selectbox(key="month").value)
    return period.start, period.end


def bare_scan_seconds(con, columns: tuple[str, ...], start: dt.date, end: dt.date, repeats: int = 3) -> float:
    counted = ", ".join(f"count({column})" for column in columns)
    sql = (f"select source, township, count(*), {counted} from case_facts "
           "where received_date between $start and $end group by source, township")
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        con.execute(sql, {"start": start, "end": end}).fetchall()
        best = min(best, time.perf_counter() - started)
    return best


def measure_page(page: str, con) -> list[Render]:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(DASHBOARD, default_timeout=600)
    app.run()
    app.switch_page(page)
    app.run()
    renders = []
    for change in CHANGES:
        _apply(app, change)
        seconds, query_seconds = timed_run(app, page)
        start, end = _view_period(app)
        renders.append(Render(page, f"{change[0]}={change[1]}", seconds, query_seconds,
                              bare_scan_seconds(con, PAGE_COLUMNS[page], start, end)))
    return renders


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--out-dir", type=Path, default=PROJECT_ROOT / "bench" / "out")
    args = parser.parse_args()
    path = demo_database(args.out_dir, args.rows)
    os.environ["MINYI_DB"] = str(path)
    con = db.open_reader(path)

    print(f"\n{'page':22s} {'change':22s} {'render s':>9s} {'queries s':>10s} {'bare scan s':>12s} {'ratio':>6s}")
    renders: list[Render] = []
    for page in PAGE_COLUMNS:
        for render in measure_page(page, con):
            renders.append(render)
            print(f"{render.page:22s} {render.change:22s} {render.seconds:9.3f} {render.query_seconds:10.3f} "
                  f"{render.bare_scan_seconds:12.4f} {render.scan_ratio:6.1f}", flush=True)

    slowest = max(renders, key=lambda r: r.seconds)
    worst_ratio = max(renders, key=lambda r: r.scan_ratio)
    render_ok = slowest.seconds < RENDER_TARGET_SECONDS
    ratio_ok = worst_ratio.scan_ratio <= SCAN_RATIO_TARGET
    duckdb_seconds, pandas_seconds = pandas_overview_seconds(con)
    print(f"\nrender after a filter change: median {statistics.median(r.seconds for r in renders):.3f} s, "
          f"slowest {slowest.seconds:.3f} s ({slowest.page}, {slowest.change}); target < {RENDER_TARGET_SECONDS} s: "
          f"{'PASS' if render_ok else 'FAIL'}")
    print(f"query time / bare scan of the same columns: worst {worst_ratio.scan_ratio:.1f}× ({worst_ratio.page}, "
          f"{worst_ratio.change}); target ≤ {SCAN_RATIO_TARGET:g}×: {'PASS' if ratio_ok else 'FAIL'}")
    print(f"overview numbers, pandas on a loaded DataFrame vs DuckDB: {pandas_seconds:.3f} s vs {duckdb_seconds:.3f} s "
          f"= {pandas_seconds / duckdb_seconds:.1f}× slower (naive baseline, for information)")
    return 0 if render_ok and ratio_ok else 1


if __name__ == "__main__":
    sys.exit(main())
