"""Import benchmark: a 1M-row 12345 CSV export and a 100k-row xlsx, against plain pandas loads, and
a nightly export into databases that already hold millions of cases.

Targets: the full Minyi import of the CSV (read, validate, upsert, publish) under 10 s; the xlsx
import at least 5x faster than `pandas.read_excel(engine="openpyxl")` plus a bare DuckDB insert
(and, for information, against the calamine reader); and a nightly export (--nightly-rows) into a
database of each --history-rows cases at most 2x the same import into an empty database, with a
re-import that changes nothing timed beside it. The nightly export holds a province's day of cases
(100k) received over the history's last week (a system re-sends recent days to catch closures); the
first export of the next month is timed too, for information: it moves the oldest month of a large
current part into a history part, once a month. Every number is measured in this run, side by side,
so the ratios mean something on a noisy machine; absolute seconds are printed for information only.

    .venv/bin/python bench/import.py [--rows 1000000] [--xlsx-rows 100000] [--nightly-rows 100000]
        [--history-rows 10000000 ...] [--out-dir bench/out]

Generated exports are cached in the out dir, keyed by row count, so reruns skip generation; the
history databases are bench/pages.py's demo counties of that size, built once into the out dir.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd
import pyarrow as pa

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from export_generator import cached_export  # noqa: E402  (bench/ is the script's folder)
from minyi import parts, snapshot_files  # noqa: E402
from minyi.demo import DATA_UNTIL  # noqa: E402
from minyi.ingest import pipeline  # noqa: E402
from minyi.ingest.pipeline import ImportReport  # noqa: E402
from pages import demo_database  # noqa: E402
from stage_clock import StageClock  # noqa: E402

NOW = dt.datetime(2026, 11, 1)  # fixed, so every closure and receipt is in the past
CSV_TARGET_SECONDS = 10.0
XLSX_TARGET_SPEEDUP = 5.0
HISTORY_TARGET_RATIO = 2.0

# --- measuring -------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    rows: int
    seconds: float
    report: ImportReport | None = None
    stages: dict[str, float] | None = None


def minyi_import(name: str, export: Path, work: Path, with_stages: bool = False) -> Result:
    """Minyi's import end to end: publish a new snapshot of the database in `work` (a fresh one
    unless history_import put one there)."""
    db_path = work / "minyi.duckdb"
    stages = StageClock() if with_stages else None
    with stages.installed() if stages else contextlib.nullcontext():
        started = time.perf_counter()
        with snapshot_files.publishing(db_path) as con:
            report = pipeline.import_files(con, [export], quarantine_dir=work / "quarantine", now=NOW)
        seconds = time.perf_counter() - started
    rows = report.total("rows_read")
    return Result(name, rows, seconds, report, stages.breakdown(seconds) if stages else None)


def history_import(name: str, export: Path, work: Path, history: Path, again: bool = True) -> tuple[Result, ...]:
    """The nightly export into a copy of the database `history` (copied before the clock starts:
    only what the import itself does is timed, its own snapshot included), then, with `again`, the
    same file again, which changes nothing."""
    snapshot = snapshot_files.current_snapshot(history)
    shutil.copyfile(snapshot, work / "minyi.duckdb")
    folder = snapshot_files.snapshot_dir(work / "minyi.duckdb")
    folder.mkdir()
    for file in parts.files(snapshot) or ():  # history parts are never written: linked, not copied
        os.link(snapshot.parent / file, folder / file)
    first = minyi_import(name, export, work, with_stages=True)
    if not again:
        return (first,)
    return first, minyi_import(f"{name}, again (no change)", export, work, with_stages=True)


def pandas_baseline(name: str, export: Path, work: Path, engine: str = "openpyxl") -> Result:
    """The plain load: pandas reads the file, DuckDB stores the frame as it is, no validation."""
    started = time.perf_counter()
    if export.suffix == ".xlsx":
        frame = pd.read_excel(export, engine=engine)
    else:
        frame = pd.read_csv(export)
    con = duckdb.connect(str(work / "baseline.duckdb"))
    con.register("frame", frame)
    con.execute("create table t as select * from frame")
    con.close()
    return Result(name, len(frame), time.perf_counter() - started)


def timed(run: Callable[..., Result], *args, out_dir: Path, **kwargs):
    """One measurement in its own empty folder, removed afterwards."""
    work = Path(tempfile.mkdtemp(prefix="run-", dir=out_dir))
    try:
        return run(*args, work, **kwargs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- the report ------------------------------------------------------------------------


def print_results(results: list[Result]) -> None:
    width = max(len(r.name) for r in results)
    print(f"\n{'benchmark':<{width}}  {'rows':>10}  {'seconds':>8}  {'rows/s':>10}")
    for r in results:
        print(f"{r.name:<{width}}  {r.rows:>10,}  {r.seconds:>8.2f}  {r.rows / r.seconds:>10,.0f}")


def print_reconciliation(result: Result) -> None:
    for item in result.report.files:
        verdict = "OK" if item.reconciles() else "DOES NOT RECONCILE"
        print(
            f"  {item.file}: read {item.rows_read:,} = imported {item.rows_imported:,} "
            f"(new {item.rows_new:,}, updated {item.rows_updated:,}, unchanged {item.rows_unchanged:,}) "
            f"+ rejected {item.rows_rejected:,}  [{verdict}]"
            + (f"; blank rows skipped {item.blank_rows:,}" if item.blank_rows else "")
        )
        if item.reasons:
            print("    rejections: " + ", ".join(f"{code} {count:,}" for code, count in item.reasons.most_common()))


def print_stages(result: Result) -> None:
    print(f"\nstages of {result.name} (exclusive seconds, share of {result.seconds:.2f} s):")
    for name, seconds in sorted(result.stages.items(), key=lambda item: -item[1]):
        if seconds >= 0.01:
            print(f"  {name:<40} {seconds:>7.2f}  {seconds / result.seconds:>6.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the CSV export")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="rows in the xlsx export")
    parser.add_argument("--out-dir", type=Path, default=PROJECT_ROOT / "bench" / "out")
    parser.add_argument("--skip-csv-baseline", action="store_true", help="skip pandas.read_csv + insert")
    parser.add_argument("--nightly-rows", type=int, default=100_000, help="rows in the nightly CSV export")
    parser.add_argument("--history-rows", type=int, nargs="*", default=[10_000_000],
                        help="cases already held by the databases the nightly export goes into (none: skip)")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    csv_export = cached_export(args.out_dir, args.rows, ".csv")
    xlsx_export = cached_export(args.out_dir, args.xlsx_rows, ".xlsx")
    # the demo histories' last week, and the first week of the month after (demo.DATA_UNTIL: 2012-09-30)
    last_day = DATA_UNTIL
    nightly_export = cached_export(args.out_dir, args.nightly_rows, ".csv", first_day=str(last_day - dt.timedelta(days=6)),
                                   span_days=7)
    next_month_export = cached_export(args.out_dir, args.nightly_rows, ".csv",
                                      first_day=str(last_day + dt.timedelta(days=1)), span_days=7)
    histories = {rows: demo_database(args.out_dir, rows) for rows in args.history_rows}

    print(f"duckdb {duckdb.__version__}, pyarrow {pa.__version__}, pandas {pd.__version__}, "
          f"{os.cpu_count()} cores; one run of each, in this order", flush=True)
    csv_run = timed(minyi_import, "Minyi import, CSV", csv_export, out_dir=args.out_dir, with_stages=True)
    xlsx_run = timed(minyi_import, "Minyi import, xlsx", xlsx_export, out_dir=args.out_dir, with_stages=True)
    xlsx_base = timed(pandas_baseline, "pandas read_excel(openpyxl) + insert", xlsx_export, out_dir=args.out_dir)
    calamine = timed(pandas_baseline, "pandas read_excel(calamine) + insert", xlsx_export, out_dir=args.out_dir,
                     engine="calamine")
    results = [csv_run, xlsx_run, xlsx_base, calamine]
    if not args.skip_csv_baseline:
        results.append(timed(pandas_baseline, "pandas read_csv + insert", csv_export, out_dir=args.out_dir))
    nightly = [timed(minyi_import, f"nightly {args.nightly_rows:,} rows into an empty database", nightly_export,
                     out_dir=args.out_dir, with_stages=True)]
    rollovers = []
    for rows, history in histories.items():
        nightly += timed(history_import, f"nightly {args.nightly_rows:,} rows into {rows:,} cases", nightly_export,
                         out_dir=args.out_dir, history=history)
        rollovers += timed(history_import, f"first {args.nightly_rows:,} rows of a new month into {rows:,} cases",
                           next_month_export, out_dir=args.out_dir, history=history, again=False)

    print_results(results + nightly + rollovers)
    speedup = xlsx_base.seconds / xlsx_run.seconds
    csv_ok = csv_run.seconds < CSV_TARGET_SECONDS
    xlsx_ok = speedup >= XLSX_TARGET_SPEEDUP
    print(f"\nxlsx: Minyi is {speedup:.1f}x faster than pandas read_excel(openpyxl) + insert "
          f"(target: >= {XLSX_TARGET_SPEEDUP:.0f}x)  {'PASS' if xlsx_ok else 'FAIL'}")
    print(f"CSV: Minyi imports {csv_run.rows:,} rows in {csv_run.seconds:.2f} s "
          f"(target: < {CSV_TARGET_SECONDS:.0f} s)  {'PASS' if csv_ok else 'FAIL'}")
    print(f"xlsx: Minyi takes {xlsx_run.seconds / calamine.seconds:.2f}x the time of pandas read_excel(calamine) + "
          "insert (information only: the baseline validates nothing)")
    history_ok = True
    for into, again in zip(nightly[1::2], nightly[2::2]):
        ratio = into.seconds / nightly[0].seconds
        history_ok = history_ok and ratio <= HISTORY_TARGET_RATIO
        print(f"{into.name}: {ratio:.2f}x the import into an empty database (target: <= {HISTORY_TARGET_RATIO:.0f}x)  "
              f"{'PASS' if ratio <= HISTORY_TARGET_RATIO else 'FAIL'}; again, changing nothing: {again.seconds:.2f} s "
              f"({again.seconds / nightly[0].seconds:.2f}x)")
    for rollover in rollovers:
        print(f"{rollover.name}: {rollover.seconds / nightly[0].seconds:.2f}x the nightly import into an empty database "
              "(information only: once a month, the oldest month of a large current part moves to a history part)")
    if not args.skip_csv_baseline:
        print(f"CSV: Minyi takes {csv_run.seconds / results[-1].seconds:.1f}x the time of pandas read_csv + insert "
              "(information only: the baseline validates nothing)")
    print("\nreconciliation (rows read = imported + rejected):")
    for result in (csv_run, xlsx_run, *nightly, *rollovers):
        print_reconciliation(result)
    for result in (csv_run, xlsx_run, *nightly, *rollovers):
        if result.stages:
            print_stages(result)
    reconciled = all(result.report.reconciles() for result in (csv_run, xlsx_run, *nightly, *rollovers))
    return 0 if csv_ok and xlsx_ok and history_ok and reconciled else 1


if __name__ == "__main__":
    sys.exit(main())
