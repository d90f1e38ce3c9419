"""A realistic 12345 work-order export, generated fast and the same for a given row count.

The import benchmark needs a million rows that look like a county's export (Chinese columns,
phone numbers in the summaries, a few faulty rows) without shipping such a file; generating it
is its own job, cached on disk, so the benchmark script only measures.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

GENERATOR_VERSION = 2  # bump when the generated export changes, so cached files are rebuilt
SEED = 12345
FIRST_DAY = np.datetime64("2024-01-01", "D")
DAYS = 912  # to 2026-06-30: the calendar (with room for deadlines) stays within known years

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


def generate(rows: int, seed: int = SEED, first_day: np.datetime64 = FIRST_DAY, span_days: int = DAYS) -> pa.Table:
    """A deterministic 12345 export of `rows` rows received over `span_days` days from `first_day`,
    every column text as the system exports it.

    About 0.1% of rows carry the faults real exports have (a duplicate 工单编号, an impossible
    date, a closure before receipt, an unknown 回访结果), so validation and quarantine do work.
    """
    rng = np.random.default_rng(seed)
    days = rng.integers(0, span_days, rows)
    seconds = np.clip(rng.normal(14 * 3600, 3.5 * 3600, rows), 0, 86399).astype(np.int64)
    received = np.sort(np.datetime64(first_day, "D").astype("datetime64[s]") + days * 86400 + seconds)
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


def cached_export(out_dir: Path, rows: int, suffix: str, first_day: str | None = None, span_days: int = DAYS) -> Path:
    """The generated export of `rows` rows as .csv or .xlsx, generated once per row count (and
    receipt span, when `first_day` is given: YYYY-MM-DD)."""
    span = "" if first_day is None else f"-{first_day}-{span_days}d"
    path = out_dir / f"12345-export-v{GENERATOR_VERSION}-{rows}{span}{suffix}"
    if path.exists():
        return path
    started = time.perf_counter()
    # A separate process, so the generator's memory does not disturb the timed runs.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(write_export, path, rows, first_day, span_days).result()
    print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def write_export(path: Path, rows: int, first_day: str | None = None, span_days: int = DAYS) -> None:
    table = generate(rows, first_day=FIRST_DAY if first_day is None else np.datetime64(first_day), span_days=span_days)
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
