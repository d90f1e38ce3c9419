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
import functools
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from minyi import db  # noqa: E402
from minyi.ingest import csv_reader, pipeline, readers, workbook_reader  # noqa: E402
from minyi.ingest.pipeline import ImportReport  # noqa: E402

GENERATOR_VERSION = 2  # bump when the generated export changes, so cached files are rebuilt
SEED = 12345
FIRST_DAY = np.datetime64("2024-01-01", "D")
DAYS = 912  # to 2026-06-30: the calendar (with room for deadlines) stays within known years
NOW = dt.datetime(2026, 11, 1)  # fixed, so every closure and receipt is in the past
CSV_TARGET_SECONDS = 10.0
XLSX_TARGET_SPEEDUP = 5.0

TOWNSHIPS = [
    "城关街道", "东城街道", "西城街道", "南湖街道", "北山街道", "新棉镇", "青龙镇", "白马镇",
    "石桥镇", "柳河镇", "金沙镇", "龙泉镇", "大坪乡", "高桥乡", "水口乡", "杨柳乡",
]
DEPARTMENTS = [
    "县住建局", "县自然资源局", "县交通运输局", "县市场监管局", "县人社局", "县教育局", "县卫健局",
    "县公安局", "县生态环境局", "县城管局", "县水利局", "县农业农村局", "县民政局", "县医保局",
    "县供电公司", "县自来水公司", "县燃气公司", "县税务局", "县文旅局", "县应急管理局", "县商务局",
    "县发改局", "县司法局", "县交警大队", "县退役军人事务局", "城关街道办事处", "新棉镇人民政府",
    "青龙镇人民政府", "白马镇人民政府", "大坪乡人民政府",
]
CATEGORIES = [
    "城乡建设", "劳动保障", "市场监管", "交通运输", "生态环境", "教育", "医疗卫生", "农业农村",
    "公共安全", "水电气暖", "物业管理", "民政救助",
]
CHANNELS = ["12345热线", "电话", "网站", "微信公众号", "手机APP"]
CHANNEL_WEIGHTS = [0.55, 0.15, 0.12, 0.12, 0.06]
SATISFACTION = ["满意", "基本满意", "不满意", "未回访"]
SATISFACTION_WEIGHTS = [0.62, 0.2, 0.06, 0.12]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国红梅")
PLACES = ["小区", "村", "社区", "路口", "菜市场", "学校门口", "工业园", "安置小区"]
ISSUES = [
    "路灯不亮", "道路积水严重", "夜间施工噪音扰民", "拖欠工资", "物业乱收费", "自来水停水",
    "垃圾清运不及时", "违章搭建", "校外培训退费难", "医保报销咨询", "占道经营", "工厂排污有异味",
    "燃气费用异常", "公交班次太少", "楼道堵塞消防通道", "养老金发放咨询",
]
REQUESTS = ["，请求尽快处理", "，要求相关部门核实", "，希望给予答复", "，请协调解决", ""]
HEADERS = [
    "工单编号", "来电时间", "所属街镇", "承办单位", "诉求类型", "受理渠道", "办结时间", "回访结果",
    "是否重复件", "主要内容", "来电人", "联系电话",
]


# --- the generated export --------------------------------------------------------------


def generate(rows: int, seed: int = SEED) -> pa.Table:
    """A deterministic 12345 export of `rows` rows, every column text as the system exports it.

    About 0.1% of rows carry the faults real exports have (a duplicate 工单编号, an impossible
    date, a closure before receipt, an unknown 回访结果), so validation and quarantine do work.
    """
    rng = np.random.default_rng(seed)
    days = rng.integers(0, DAYS, rows)
    seconds = np.clip(rng.normal(14 * 3600, 3.5 * 3600, rows), 0, 86399).astype(np.int64)
    received = np.sort(FIRST_DAY.astype("datetime64[s]") + days * 86400 + seconds)
    took = np.clip(rng.gamma(2.0, 3 * 86400, rows), 600, 90 * 86400).astype(np.int64)
    received_text = _timestamp_text(received)
    closed_text = pc.if_else(pa.array(rng.random(rows) < 0.07), pa.scalar(None, pa.string()),
                             _timestamp_text(received + took))
    sequence = pc.utf8_lpad(pc.cast(pa.array(np.arange(1, rows + 1)), pa.string()), 7, "0")
    case_id = pc.binary_join_element_wise("GD", pc.utf8_slice_codeunits(received_text, 0, 4), sequence, "")
    township = _pick(rng, TOWNSHIPS, rows)
    caller = pc.binary_join_element_wise(
        _pick(rng, SURNAMES, rows), _pick(rng, GIVEN, rows),
        pc.if_else(pa.array(rng.random(rows) < 0.6), _pick(rng, GIVEN, rows), ""), "",
    )
    phone = pc.cast(pa.array(rng.integers(13_000_000_000, 19_999_999_999, rows)), pa.string())
    table = {
        "工单编号": case_id,
        "来电时间": received_text,
        "所属街镇": township,
        "承办单位": _pick(rng, DEPARTMENTS, rows),
        "诉求类型": _pick(rng, CATEGORIES, rows),
        "受理渠道": _pick(rng, CHANNELS, rows, CHANNEL_WEIGHTS),
        "办结时间": closed_text,
        "回访结果": _pick(rng, SATISFACTION, rows, SATISFACTION_WEIGHTS),
        "是否重复件": _pick(rng, ["是", "否"], rows, [0.08, 0.92]),
        "主要内容": _summary(rng, rows, township, caller, phone),
        "来电人": caller,
        "联系电话": phone,
    }
    return pa.table(_with_faults(rng, rows, table, received, took))


def _timestamp_text(values: np.ndarray) -> pa.Array:
    return pc.strftime(pa.array(values), format="%Y-%m-%d %H:%M:%S")


def _pick(rng: np.random.Generator, words: list[str], rows: int, weights: list[float] | None = None) -> pa.Array:
    return pa.array(words, pa.string()).take(pa.array(rng.choice(len(words), rows, p=weights)))


def _summary(rng, rows, township, caller, phone) -> pa.Array:
    """来电人X反映 + place + detail + issue + request; about half hold digits, one in six a phone number."""
    roll = rng.random(rows)
    opening = pc.if_else(pa.array(roll < 0.05), pc.binary_join_element_wise("来电人", caller, "反映", ""),
                         _pick(rng, ["市民反映", "来电反映", "群众反映", ""], rows))
    roll = rng.random(rows)
    number = pc.cast(pa.array(rng.integers(1, 32, rows)), pa.string())
    month = pc.cast(pa.array(rng.integers(1, 13, rows)), pa.string())
    detail = pc.if_else(
        pa.array(roll < 0.25), pc.binary_join_element_wise(number, "号楼", ""),
        pc.if_else(pa.array(roll < 0.4), pc.binary_join_element_wise("自", month, "月", number, "日起", ""), ""),
    )
    roll = rng.random(rows)
    contact = pc.if_else(
        pa.array(roll < 0.15), pc.binary_join_element_wise("，联系电话", phone, ""),
        pc.if_else(pa.array(roll > 0.98), "，座机0571-86012345", ""),
    )
    return pc.binary_join_element_wise(
        opening, township, _pick(rng, PLACES, rows), detail, _pick(rng, ISSUES, rows),
        _pick(rng, REQUESTS, rows), contact, "",
    )


def _with_faults(rng, rows, table, received, took) -> dict[str, pa.Array]:
    faulty = rng.choice(np.arange(1, rows), size=min(rows - 1, 4 * (rows // 4000)), replace=False)
    duplicate, bad_date, closed_early, unknown = np.array_split(faulty, 4)
    take = np.arange(rows)
    take[duplicate] = duplicate - 1
    table["工单编号"] = table["工单编号"].take(pa.array(take))
    table["来电时间"] = pc.if_else(_mask(rows, bad_date), "2025-02-30 09:15:00", table["来电时间"])
    early = _timestamp_text(received - took)
    table["办结时间"] = pc.if_else(_mask(rows, closed_early), early, table["办结时间"])
    table["回访结果"] = pc.if_else(_mask(rows, unknown), "待评价", table["回访结果"])
    return table


def _mask(rows: int, positions: np.ndarray) -> pa.Array:
    mask = np.zeros(rows, dtype=bool)
    mask[positions] = True
    return pa.array(mask)


def cached_export(out_dir: Path, rows: int, suffix: str) -> Path:
    """The generated export of `rows` rows as .csv or .xlsx, generated once per row count."""
    path = out_dir / f"12345-export-v{GENERATOR_VERSION}-{rows}{suffix}"
    if path.exists():
        return path
    started = time.perf_counter()
    # A separate process, so the generator's memory does not disturb the timed runs.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(write_export, path, rows).result()
    print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def write_export(path: Path, rows: int) -> None:
    table = generate(rows)
    partial = path.with_name(path.name + ".partial")
    if path.suffix == ".csv":
        pacsv.write_csv(table, partial, write_options=pacsv.WriteOptions(quoting_style="needed"))
    else:
        _write_xlsx(table, partial)
    os.replace(partial, path)


def _write_xlsx(table: pa.Table, path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("工单明细")
    sheet.append(HEADERS)
    for row in zip(*(table.column(name).to_pylist() for name in HEADERS)):
        sheet.append(row)
    with open(path, "wb") as handle:
        workbook.save(handle)


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


class StageClock:
    """Exclusive wall time per import stage, by wrapping the functions the importer calls.

    Each SQL file run through `db.execute`/`db.run` is its own stage; time spent inside
    `import_files` but in no wrapped call is reported as "other", and time outside it
    (copying the previous snapshot, checkpoint, atomic rename) as publishing.
    """

    WRAPPED = [
        (csv_reader, "_decode_csv", "read: decode bytes"),
        (csv_reader, "decode_csv", "read: decode bytes"),
        (csv_reader, "choose_header", "read: header detection"),
        (workbook_reader, "choose_header", "read: header detection"),
        (readers, "read_csv", "read: CSV head + parse (pyarrow)"),
        (readers, "read_workbook", "read: workbook (calamine, cell text)"),
        (pipeline, "read_export", "read: other"),
        (pipeline, "plan_columns", "column plan"),
        (pipeline, "field_table", "field table (blank rows)"),
        (pipeline, "_prepare_session", "session (macros, aliases)"),
        (pipeline, "_ensure_calendar", "calendar"),
        (pipeline, "rejected_rows", "rejected rows (messages)"),
        (pipeline, "write_quarantine", "quarantine file"),
        (pipeline, "load_table", "other: register, problems query"),
        (pipeline, "import_files", "other: import_files"),
    ]

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self._children: list[float] = []

    def wrap(self, label: str | Callable[..., str], function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            self._children.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = self._children.pop()
                name = label(*args, **kwargs) if callable(label) else label
                self.totals[name] += elapsed - inner
                if self._children:
                    self._children[-1] += elapsed

        return wrapper

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        wrapped = [(module, attr, label) for module, attr, label in self.WRAPPED if hasattr(module, attr)]
        originals = [(module, attr, getattr(module, attr)) for module, attr, _ in wrapped]
        originals += [(db, "execute", db.execute), (db, "run", db.run)]
        try:
            for module, attr, label in wrapped:
                setattr(module, attr, self.wrap(label, getattr(module, attr)))
            for attr in ("execute", "run"):
                setattr(db, attr, self.wrap(lambda con, name, **_: f"sql: {name}", getattr(db, attr)))
            yield
        finally:
            for module, attr, original in originals:
                setattr(module, attr, original)

    def breakdown(self, total: float) -> dict[str, float]:
        stages = dict(self.totals)
        inside = sum(stages.values())
        stages["publish: open, checkpoint, rename"] = total - inside
        return stages


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
