"""Import benchmark: a 1M-row 12345 CSV export and a 100k-row xlsx, against plain pandas loads.

Targets: the full Minyi import of the CSV (read, validate, upsert, publish) under 10 s, and the
xlsx import at least 5x faster than `pandas.read_excel(engine="openpyxl")` plus a bare DuckDB
insert. Every number is measured in this run, side by side, so the ratios mean something on a
noisy machine; absolute seconds are printed for information only.

    .venv/bin/python bench/import.py [--rows 1000000] [--xlsx-rows 100000] [--out-dir bench/out]

Generated exports are cached in the out dir, keyed by row count, so reruns skip generation.
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
from minyi import db  # noqa: E402
from minyi.ingest import pipeline  # noqa: E402
from minyi.ingest.pipeline import ImportReport  # noqa: E402
from stage_clock import StageClock  # noqa: E402

NOW = dt.datetime(2026, 11, 1)  # fixed, so every closure and receipt is in the past
CSV_TARGET_SECONDS = 10.0
XLSX_TARGET_SPEEDUP = 5.0

# --- measuring -------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    rows: int
    seconds: float
    report: ImportReport | None = None
    stages: dict[str, float] | None = None


def minyi_import(name: str, export: Path, work: Path, with_stages: bool = False) -> Result:
    """Minyi's import end to end: publish a new snapshot of a fresh database file."""
    db_path = work / "minyi.duckdb"
    stages = StageClock() if with_stages else None
    with stages.installed() if stages else contextlib.nullcontext():
        started = time.perf_counter()
        with db.publishing(db_path) as con:
            report = pipeline.import_files(con, [export], quarantine_dir=work / "quarantine", now=NOW)
        seconds = time.perf_counter() - started
    rows = report.total("rows_read")
    return Result(name, rows, seconds, report, stages.breakdown(seconds) if stages else None)


def pandas_baseline(name: str, export: Path, work: Path) -> Result:
    """The plain load: pandas reads the file, DuckDB stores the frame as it is, no validation."""
    started = time.perf_counter()
    if export.suffix == ".xlsx":
        frame = pd.read_excel(export, engine="openpyxl")
    else:
        frame = pd.read_csv(export)
    con = duckdb.connect(str(work / "baseline.duckdb"))
    con.register("frame", frame)
    con.execute("create table t as select * from frame")
    con.close()
    return Result(name, len(frame), time.perf_counter() - started)


def timed(run: Callable[..., Result], *args, out_dir: Path, **kwargs) -> Result:
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
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    csv_export = cached_export(args.out_dir, args.rows, ".csv")
    xlsx_export = cached_export(args.out_dir, args.xlsx_rows, ".xlsx")

    print(f"duckdb {duckdb.__version__}, pyarrow {pa.__version__}, pandas {pd.__version__}, "
          f"{os.cpu_count()} cores; one run of each, in this order", flush=True)
    csv_run = timed(minyi_import, "Minyi import, CSV", csv_export, out_dir=args.out_dir, with_stages=True)
    xlsx_run = timed(minyi_import, "Minyi import, xlsx", xlsx_export, out_dir=args.out_dir, with_stages=True)
    xlsx_base = timed(pandas_baseline, "pandas read_excel(openpyxl) + insert", xlsx_export, out_dir=args.out_dir)
    results = [csv_run, xlsx_run, xlsx_base]
    if not args.skip_csv_baseline:
        results.append(timed(pandas_baseline, "pandas read_csv + insert", csv_export, out_dir=args.out_dir))

    print_results(results)
    speedup = xlsx_base.seconds / xlsx_run.seconds
    csv_ok = csv_run.seconds < CSV_TARGET_SECONDS
    xlsx_ok = speedup >= XLSX_TARGET_SPEEDUP
    print(f"\nxlsx: Minyi is {speedup:.1f}x faster than pandas read_excel(openpyxl) + insert "
          f"(target: >= {XLSX_TARGET_SPEEDUP:.0f}x)  {'PASS' if xlsx_ok else 'FAIL'}")
    print(f"CSV: Minyi imports {csv_run.rows:,} rows in {csv_run.seconds:.2f} s "
          f"(target: < {CSV_TARGET_SECONDS:.0f} s)  {'PASS' if csv_ok else 'FAIL'}")
    if not args.skip_csv_baseline:
        print(f"CSV: Minyi takes {csv_run.seconds / results[-1].seconds:.1f}x the time of pandas read_csv + insert "
              "(information only: the baseline validates nothing)")
    print("\nreconciliation (rows read = imported + rejected):")
    print_reconciliation(csv_run)
    print_reconciliation(xlsx_run)
    print_stages(csv_run)
    print_stages(xlsx_run)
    reconciled = csv_run.report.reconciles() and xlsx_run.report.reconciles()
    return 0 if csv_ok and xlsx_ok and reconciled else 1


if __name__ == "__main__":
    sys.exit(main())
