"""The built-in demo county: a fictional 青岚县 with petitions, complaints, surveys, grid events and
便民服务 办件 from 2010 to September 2012.

The demo is written as ordinary export files and loaded by the real importer, so it exercises
the same path as a county's data. It is calibrated on the story of the county documents the
product grew from: in the latest year, petitions for 1-9月 fall 29.5% on the same period of the
year before, 按时办结率 and 满意率 stay above 99% county-wide, and a few townships and
departments lag so that rankings have something to say. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from minyi import config, db, demo_assessment, snapshot_files, workdays
from minyi.dataset import DEMO, DEMO_VERSION, guard_real_data
from minyi.demo_counts import allocate, received_times
from minyi.demo_service import catalogue, consultations, service_items
from minyi.ingest.pipeline import DeadlineRules, import_files

COUNTY = "青岚县（虚构演示县）"
YEARS = (2010, 2011, 2012)
PETITION_SHARE = 0.12
PETITION_DROP = 0.295  # 1-9月 of the last year against the same months a year earlier
DATA_UNTIL = dt.date(2012, 9, 30)  # the demo county's "today": its data run to the end of September

TOWNSHIPS = (
    "城关街道", "东城街道", "新桥镇", "石门镇", "清河镇", "安宁镇", "白鹭镇", "永丰镇",
    "梅岭镇", "河口镇", "金川镇", "柳溪乡", "松林乡", "云岭乡", "竹坪乡", "丰收乡",
)
DEPARTMENTS = (
    "县公安局", "县住建局", "县人社局", "县自然资源局", "县生态环境局", "县交通运输局", "县农业农村局",
    "县水利局", "县市场监管局", "县教育局", "县卫健局", "县民政局", "县城管局", "县司法局", "县财政局",
    "县税务局", "县供电公司", "县自来水公司", "县退役军人事务局", "县医保局", "县林业局", "县应急管理局",
    "县发改局", "县商务局", "县文旅局", "县行政审批局", "县综合执法局", "县燃气公司", "县信访局", "县经信局",
)
LAGGING_TOWNSHIPS = ("河口镇", "柳溪乡")
LAGGING_DEPARTMENTS = ("县住建局", "县自然资源局")

PETITION_CATEGORIES = ("土地征收", "劳动社保", "城乡建设", "涉法涉诉", "农村农业", "民政事务", "环境保护",
                       "党纪政纪", "医疗卫生", "教育文体")
COMPLAINT_CATEGORIES = ("市容环境", "噪声扰民", "供水供电", "道路交通", "物业管理", "劳资纠纷", "市场监管",
                        "医疗卫生", "教育", "社会保障", "咨询建议")
PETITION_CHANNELS = (("来信", 0.30), ("来访", 0.30), ("网上", 0.28), ("电话", 0.12))
COMPLAINT_CHANNELS = (("12345", 0.72), ("网上", 0.18), ("电话", 0.10))
VILLAGE_STEMS = ("红旗", "光明", "向阳", "和平", "新华", "胜利", "团结", "富民", "长青", "幸福", "建设", "民主")
ISSUES = {
    "土地征收": "征地补偿款发放", "劳动社保": "养老保险待遇", "城乡建设": "房屋质量", "涉法涉诉": "判决执行",
    "农村农业": "农业补贴发放", "民政事务": "低保资格", "环境保护": "企业排污", "党纪政纪": "村干部作风",
    "医疗卫生": "医疗费用报销", "教育文体": "子女入学", "市容环境": "占道经营", "噪声扰民": "夜间施工噪声",
    "供水供电": "停水停电", "道路交通": "道路破损", "物业管理": "物业收费", "劳资纠纷": "拖欠工资",
    "市场监管": "食品安全", "教育": "校外培训收费", "社会保障": "医保报销", "咨询建议": "政策咨询",
}
SERVICE_SHARE = 0.08356  # 办件 of 2012年1-9月 per demo row: 8,356 at the default 100,000 rows
CONSULTATIONS = 2518  # 咨询人次 of 2012年1-9月 (受理群众咨询2518人次)
MONTH_WEIGHTS = np.array([0.9, 0.7, 1.2, 1.1, 1.0, 1.0, 1.1, 1.1, 1.0, 0.9, 1.0, 1.0])
GRID_SOURCES = ("网格员巡查发现", "群众上报", "12345转办", "部门推送")  # the others in shares 50/32/18
GRID_CATEGORIES = ("矛盾纠纷", "治安隐患", "安全生产", "环境卫生", "违章搭建", "道路设施", "民生服务", "消防隐患")
# The department a category's events are dispatched to; the others the township settles itself.
GRID_DEPARTMENTS = {"治安隐患": "县公安局", "安全生产": "县应急管理局", "环境卫生": "县城管局", "违章搭建": "县综合执法局",
                    "道路设施": "县交通运输局", "消防隐患": "县应急管理局"}


# Above this many cases a demo is generated and imported a few months at a time, so that building a
# province-sized one (10^8 cases) needs the memory of one part, not of the whole; 网格 events and 办件
# stay at this size's volume (bench/sources.py measures those pages at 10^7 records).
PART_ROWS = 2_000_000


def build_demo(db_path: Path, rows: int = 100_000, seed: int = 2012, replace_real_data: bool = False,
               progress: Callable[[float, str], None] = lambda share, step: None) -> str:
    """Generate the demo county and publish it as the database at `db_path`, replacing a demo or
    an empty database; a county's own data only with `replace_real_data`. `progress(share, step)`
    is told each step as it starts (share 0–1 done, the step in Chinese), for a first-start bar."""
    rng = np.random.default_rng(seed)
    rules = DeadlineRules.from_config()
    petition_months = _petition_months(int(rows * PETITION_SHARE))
    complaint_months = _complaint_months(rows - sum(petition_months.values()))
    with tempfile.TemporaryDirectory() as folder, \
            snapshot_files.publishing(Path(db_path), start_empty=lambda old: guard_real_data(old, replace_real_data)) as con:
        reports, counted = [], {}
        for source, months, label, share in (("petition", petition_months, "信访件", 0.0),
                                             ("complaint", complaint_months, "投诉件", 0.15)):
            counted[source] = 0
            parts = _parts(months, PART_ROWS)
            for number, part in enumerate(parts):
                progress(share + 0.4 * (share > 0) * number / len(parts), f"正在生成并导入{label}")
                cases = _cases(rng, source, part, rules, first_number=counted[source] + 1)
                counted[source] += len(cases)
                name = f"青岚县{'信访件' if source == 'petition' else '12345工单'}导出"
                file = Path(folder) / f"{name}{f'-{number + 1}' if len(parts) > 1 else ''}.parquet"
                cases.to_parquet(file, index=False)
                del cases
                reports.append(import_files(con, [file], kind="cases", source=source, rules=rules))
                file.unlink()
        progress(0.8, "正在生成满意度测评")
        surveys = pd.concat([_surveys(rng), _opinion_polls(np.random.default_rng(seed + 3))], ignore_index=True)
        grid_events = _grid_events(rng, min(rows, PART_ROWS) // 8)
        # a generator of its own, so that adding 办件 left the other demo data as it was
        service_rng = np.random.default_rng(seed + 1)
        items = service_items(service_rng, round(min(rows, PART_ROWS) * SERVICE_SHARE), TOWNSHIPS, LAGGING_TOWNSHIPS,
                              _village_name, MONTH_WEIGHTS, DATA_UNTIL)
        visits = consultations(service_rng, CONSULTATIONS, TOWNSHIPS, MONTH_WEIGHTS, DATA_UNTIL)
        matters = catalogue(service_rng)
        for share, step, name, frame, kind in (
                (0.8, "正在导入满意度测评", "青岚县满意度测评", surveys, "survey"),
                (0.85, "正在导入网格事件", "青岚县网格事件导出", grid_events, "grid"),
                (0.9, "正在导入便民服务办件", "青岚县政务服务办件导出", items, "service"),
                (0.92, "正在导入咨询人次", "青岚县便民服务中心咨询人次", visits, "consultation"),
                (0.93, "正在导入事项目录", "青岚县政务服务事项目录", matters, "catalogue")):
            progress(share, step)
            file = Path(folder) / f"{name}.parquet"
            frame.to_parquet(file, index=False)
            reports.append(import_files(con, [file], kind=kind, rules=rules if kind == "service" else None))
        rules_file = Path(config.ASSESSMENT_RULES.default)  # the demo's own rule file, whatever is configured
        scored_by = demo_assessment.demo_rules(rules_file)
        if scored_by is not None:
            progress(0.94, "正在导入考核手工评分")
            sheets = demo_assessment.sheets(np.random.default_rng(seed + 2), scored_by, LAGGING_TOWNSHIPS,
                                            Path(folder))
            reports.append(import_files(con, sheets, kind="assessment", assessment_rules=rules_file))
        progress(0.95, "正在保存数据库")
        for key, value in {"dataset_kind": DEMO, "demo_version": DEMO_VERSION, "county": COUNTY, "seed": str(seed),
                           "generated_at": dt.datetime.now().isoformat(timespec="seconds")}.items():
            db.execute(con, "import/set_meta", key=key, value=value)
    imported = sum(r.total("rows_imported") for r in reports)
    rejected = sum(r.total("rows_rejected") for r in reports)
    return (f"演示数据已生成：{COUNTY}，信访 {counted['petition']:,} 件、投诉 {counted['complaint']:,} 件、"
            f"测评 {len(surveys):,} 行、网格事件 {len(grid_events):,} 件、办件 {len(items):,} 件；导入 {imported:,} 行，拒收 {rejected:,} 行 → {db_path}")


def _parts(months: dict[tuple[int, int], int], most: int) -> list[dict[tuple[int, int], int]]:
    """`months` cut into runs of consecutive months of at most `most` cases (a month larger than that
    alone), one run when all fit."""
    parts: list[dict[tuple[int, int], int]] = [{}]
    for month, count in months.items():
        if parts[-1] and sum(parts[-1].values()) + count > most:
            parts.append({})
        parts[-1][month] = count
    return parts


def _petition_months(total: int) -> dict[tuple[int, int], int]:
    """Monthly petition counts with 1-9月 of the last year exactly 29.5% below the year before
    (exact whenever the earlier 1-9月 total is a multiple of 200); the last year ends in September."""
    jan_sep_share = MONTH_WEIGHTS[:9].sum() / MONTH_WEIGHTS.sum()
    middle_estimate = total / (1.05 + 1.0 + 0.78 * jan_sep_share)
    middle_jan_sep = max(200, int(round(middle_estimate * jan_sep_share / 200)) * 200)
    last_jan_sep = round(middle_jan_sep * (1 - PETITION_DROP))
    first, middle = allocate(max(total - last_jan_sep, middle_jan_sep + 3), np.array([1.05, 1.0]))
    middle_rest = max(middle - middle_jan_sep, 3)
    months = {}
    months.update(_year(YEARS[0], allocate(first, MONTH_WEIGHTS)))
    months.update(_year(YEARS[1], np.concatenate([allocate(middle_jan_sep, MONTH_WEIGHTS[:9]),
                                                  allocate(middle_rest, MONTH_WEIGHTS[9:])])))
    months.update(_year(YEARS[2], allocate(last_jan_sep, MONTH_WEIGHTS[:DATA_UNTIL.month])))
    return months


def _complaint_months(total: int) -> dict[tuple[int, int], int]:
    """Hotline volume grows year on year, with a summer peak."""
    summer = MONTH_WEIGHTS * np.array([1, 1, 1, 1, 1.1, 1.2, 1.3, 1.3, 1.1, 1, 1, 1])
    growth = dict(zip(YEARS, (0.28, 0.33, 0.39)))
    months = [(year, month) for year in YEARS for month in range(1, 13) if dt.date(year, month, 1) <= DATA_UNTIL]
    weights = np.array([growth[year] * summer[month - 1] for year, month in months])
    return {key: int(count) for key, count in zip(months, allocate(total, weights))}


def _year(year: int, counts: np.ndarray) -> dict[tuple[int, int], int]:
    return {(year, month): int(count) for month, count in enumerate(counts, start=1)}


def _weights(rng: np.random.Generator, names: tuple[str, ...], lagging: tuple[str, ...]) -> np.ndarray:
    weights = rng.gamma(4.0, 1.0, len(names))
    for name in lagging:  # laggards are small places, so the county-wide rates stay above 99%
        weights[names.index(name)] = weights.mean() * 0.35
    return weights / weights.sum()


def _cases(rng, source: str, months: dict, rules: DeadlineRules, first_number: int = 1) -> pd.DataFrame:
    """The cases received in `months`, numbered from `first_number` in each source's ids."""
    received = received_times(rng, months)
    count = len(received)
    townships = rng.choice(len(TOWNSHIPS), count, p=_weights(rng, TOWNSHIPS, LAGGING_TOWNSHIPS))
    departments = rng.choice(len(DEPARTMENTS), count, p=_weights(rng, DEPARTMENTS, LAGGING_DEPARTMENTS))
    lag_town = np.isin(townships, [TOWNSHIPS.index(t) for t in LAGGING_TOWNSHIPS])
    lag_dept = np.isin(departments, [DEPARTMENTS.index(d) for d in LAGGING_DEPARTMENTS])
    lagging = lag_town | lag_dept

    categories = PETITION_CATEGORIES if source == "petition" else COMPLAINT_CATEGORIES
    channels = PETITION_CHANNELS if source == "petition" else COMPLAINT_CHANNELS
    category = np.array(categories)[rng.integers(0, len(categories), count)]
    channel = rng.choice([c for c, _ in channels], count, p=[w for _, w in channels])
    extended = (rng.random(count) < 0.05) if source == "petition" else np.zeros(count, dtype=bool)
    deadline = _deadlines(received, source, extended, rules)

    on_time = rng.random(count) < np.where(lagging, 0.93, 0.9985)
    received_day = received.astype("datetime64[D]")
    allowed = (deadline - received_day).astype(int)
    on_time_days = np.floor(rng.random(count) * allowed).astype(int)  # + up to 10 hours stays in time
    late_days = allowed + rng.integers(1, 20, count)
    closed = received + np.where(on_time, on_time_days, late_days) * 24 * 60 + rng.integers(30, 600, count)
    last_day = np.datetime64(f"{DATA_UNTIL:%Y-%m-%d}T23:59")
    forgotten = rng.random(count) < np.where(lagging, 0.004, 0.0002)  # the overdue backlog a report chases
    still_open = (closed > last_day) | forgotten
    closed = np.where(still_open, np.datetime64("NaT"), closed)

    satisfaction = _satisfaction(rng, count, lagging, source)
    satisfaction = np.where(still_open, "", satisfaction)
    prefix = "XF" if source == "petition" else "GD"
    ids = [f"{prefix}{year}{number:07d}" for year, number in zip(received.astype("datetime64[Y]").astype(int) + 1970,
                                                                 range(first_number, first_number + count))]
    villages = [f"{VILLAGE_STEMS[(t * 7 + k) % len(VILLAGE_STEMS)]}{'社区' if TOWNSHIPS[t].endswith('街道') else '村'}"
                for t, k in zip(townships, rng.integers(0, 6, count))]
    summaries = [f"反映{v}{ISSUES[c]}问题，请求尽快协调解决。" for v, c in zip(villages, category)]
    with_phone = rng.random(count) < 0.05
    summaries = [s + f"联系电话139{n:08d}" if p else s for s, p, n in zip(summaries, with_phone, rng.integers(0, 10**8, count))]
    id_column = "信访件编号" if source == "petition" else "工单编号"
    frame = pd.DataFrame({
        id_column: ids,
        "受理渠道": channel,
        "受理时间": pd.to_datetime(received),
        "所属乡镇（街道）": np.array(TOWNSHIPS)[townships],
        "村（社区）": villages,
        "承办单位": np.array(DEPARTMENTS)[departments],
        "诉求类型": category,
        "是否延期": np.where(extended, "是", "否"),
        "办结时间": pd.to_datetime(closed),
        "回访结果": satisfaction,
        "是否重复件": np.where(rng.random(count) < (0.04 if source == "petition" else 0.06), "是", "否"),
        "主要内容": summaries,
    })
    return frame


def _deadlines(received: np.ndarray, source: str, extended: np.ndarray, rules: DeadlineRules) -> np.ndarray:
    """The importer's deadline rules, applied in bulk so the demo can place closures around them."""
    days = received.astype("datetime64[D]")
    if source == "petition":
        return days + rules.petition_days + np.where(extended, rules.extension_days, 0)
    if len(days) == 0:
        return days
    first, last = days.min().astype(dt.date), days.max().astype(dt.date) + dt.timedelta(days=60)
    calendar, _ = workdays.calendar_days(first - dt.timedelta(days=10), last, rules.holidays_file)
    all_days = calendar["day"].to_numpy(dtype="datetime64[D]")
    ordinal = np.cumsum(calendar["is_workday"].to_numpy())
    workday_dates = all_days[calendar["is_workday"].to_numpy()]
    position = np.searchsorted(all_days, days)
    return workday_dates[ordinal[position] + rules.complaint_working_days - 1]


def _satisfaction(rng, count: int, lagging: np.ndarray, source: str) -> np.ndarray:
    labels = np.array(["满意", "基本满意", "不满意", "逾期未评价", "未回访"])
    good = [0.80, 0.045, 0.001, 0.02 if source == "petition" else 0.0]
    weak = [0.70, 0.09, 0.05, 0.02 if source == "petition" else 0.0]
    out = np.empty(count, dtype=object)
    for mask, probabilities in ((~lagging, good), (lagging, weak)):
        p = probabilities + [1 - sum(probabilities)]
        out[mask] = rng.choice(labels, int(mask.sum()), p=p)
    return out


def _surveys(rng: np.random.Generator) -> pd.DataFrame:
    """Aggregated votes of the yearly 群众满意度测评 of every township, by item and respondent group."""
    items = ("服务态度", "办事效率", "廉洁自律", "工作作风", "信访问题处理")
    groups = (("群众代表", 120), ("企业代表", 40), ("人大代表政协委员", 25))
    rows = []
    for year in YEARS:
        midyear = dt.date(year, 12, 15) > DATA_UNTIL
        survey_name = f"{year}年{'上半年' if midyear else '度'}乡镇（街道）群众满意度测评"
        survey_date = f"{year}-{'07' if midyear else '12'}-15"
        for township in TOWNSHIPS:
            weak = township in LAGGING_TOWNSHIPS
            for item in items:
                for group, size in groups:
                    share = rng.dirichlet([30, 6, 3] if weak else [60, 5, 0.6])
                    votes = allocate(size, share)
                    for answer, vote in zip(("满意", "基本满意", "不满意"), votes):
                        rows.append((survey_name, survey_date, township, group, item,
                                     answer, int(vote)))
    return pd.DataFrame(rows, columns=["测评名称", "测评日期", "所属乡镇（街道）", "评价群体", "测评项目", "评价", "票数"])


# The 民意调查 (篇七): 群众满意度, 信任度, 见警率 and 安全感 of every township, asked of its residents.
POLL_ITEMS = {"群众满意度": (("满意", "基本满意", "不满意"), [70, 22, 8], [50, 30, 20]),
              "对公安机关的信任度": (("信任", "基本信任", "不信任"), [68, 25, 7], [48, 34, 18]),
              "见警率": (("经常见到", "有时见到", "很少见到", "从未见到"), [35, 35, 20, 10], [15, 30, 30, 25]),
              "安全感": (("很安全", "安全", "基本安全", "不安全", "不清楚"), [40, 38, 15, 4, 3], [20, 35, 25, 15, 5])}
POLLS = (("2011年度公众安全感和满意度调查", "2011-12-20"), ("2012年上半年公众安全感和满意度调查", "2012-07-20"))


def _opinion_polls(rng: np.random.Generator) -> pd.DataFrame:
    """The 民意调查 of every township twice a year, 300 residents each, weaker in the lagging townships."""
    rows = []
    for survey_name, survey_date in POLLS:
        for township in TOWNSHIPS:
            weak = township in LAGGING_TOWNSHIPS
            for item, (answers, strong_shares, weak_shares) in POLL_ITEMS.items():
                votes = allocate(300, rng.dirichlet(weak_shares if weak else strong_shares))
                rows += [(survey_name, survey_date, township, "群众", item, answer, int(vote))
                         for answer, vote in zip(answers, votes)]
    return pd.DataFrame(rows, columns=["测评名称", "测评日期", "所属乡镇（街道）", "评价群体", "测评项目", "评价", "票数"])


def _village_name(township_number: int, village_number: int) -> str:
    """The name of a township's village (村) or community (社区, in a 街道), the same in every source."""
    kind = "社区" if TOWNSHIPS[township_number].endswith("街道") else "村"
    return f"{VILLAGE_STEMS[(township_number * 5 + village_number) % len(VILLAGE_STEMS)]}{kind}"


def _grid_places(rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """(township, village, grid) of the county's grids: 4–7 villages or communities per township,
    2–4 grids each."""
    places = []
    for number, township in enumerate(TOWNSHIPS):
        for village_number in range(int(rng.integers(4, 8))):
            village = _village_name(number, village_number)
            places += [(township, village, f"{village}第{grid}网格") for grid in range(1, int(rng.integers(2, 5)) + 1)]
    return places


def _grid_events(rng: np.random.Generator, total: int) -> pd.DataFrame:
    """Events found or reported in the grids, January 2010 to the data's end: most found on patrol and
    reported within hours, disposed within a 48–72 hour deadline; the lagging townships' grid staff
    find less themselves and finish late more often."""
    places = _grid_places(rng)
    months = {(year, month): 0 for year in YEARS for month in range(1, 13) if dt.date(year, month, 1) <= DATA_UNTIL}
    weights = np.array([(1.0 + 0.25 * (year - YEARS[0])) * MONTH_WEIGHTS[month - 1] for year, month in months])
    months = dict(zip(months, allocate(total, weights)))
    reported = received_times(rng, months)
    count = len(reported)
    where = rng.integers(0, len(places), count)
    township = np.array([places[i][0] for i in where])
    lagging = np.isin(township, LAGGING_TOWNSHIPS)
    staff = rng.random(count) < np.where(lagging, 0.55, 0.78)
    others = rng.choice(GRID_SOURCES[1:], count, p=[0.5, 0.32, 0.18])
    source = np.where(staff, GRID_SOURCES[0], others)
    minute = np.timedelta64(1, "m")
    found = reported - np.where(staff, rng.integers(5, 60 * np.where(lagging, 40, 25)), 0) * minute
    dispatched = reported + rng.integers(10, 120, count) * minute
    deadline = dispatched + np.where(rng.random(count) < 0.7, 48, 72) * 60 * minute
    in_time = rng.random(count) < np.where(lagging, 0.86, 0.97)
    allowed = (deadline - dispatched) // minute
    disposed = dispatched + np.where(in_time, (rng.random(count) * 0.8 * allowed).astype(int),
                                     allowed + rng.integers(60, 60 * 96, count)) * minute
    closed = disposed + rng.integers(10, 240, count) * minute  # checked and closed within hours
    void = rng.random(count) < 0.02
    forgotten = rng.random(count) < np.where(lagging, 0.02, 0.002)  # open long past the deadline
    last = np.datetime64(f"{DATA_UNTIL:%Y-%m-%d}T23:59")
    still_open = (closed > last) | void | forgotten
    status = np.where(void, "作废", np.where(still_open, "处置中", "已结案"))
    satisfaction = _satisfaction(rng, count, lagging, "complaint")
    category = np.array(GRID_CATEGORIES)[rng.integers(0, len(GRID_CATEGORIES), count)]
    return pd.DataFrame({
        "事件编号": [f"WG{n:08d}" for n in range(1, count + 1)],
        "所属乡镇（街道）": township,
        "村（社区）": [places[i][1] for i in where],
        "所属网格": [places[i][2] for i in where],
        "网格编码": [f"QL-{TOWNSHIPS.index(places[i][0]) + 1:02d}-{i + 1:04d}" for i in where],
        "事件来源": source,
        "事件类别": category,
        "处置部门": [GRID_DEPARTMENTS.get(name) for name in category],
        "发现时间": pd.to_datetime(np.where(staff, found, np.datetime64("NaT"))),
        "上报时间": pd.to_datetime(reported),
        "派遣时间": pd.to_datetime(np.where(void, np.datetime64("NaT"), dispatched)),
        "处置时限": pd.to_datetime(np.where(void, np.datetime64("NaT"), deadline)),
        "处置完成时间": pd.to_datetime(np.where(still_open | (disposed > last), np.datetime64("NaT"), disposed)),
        "结案时间": pd.to_datetime(np.where(still_open, np.datetime64("NaT"), closed)),
        "状态": status,
        "回访满意度": np.where(still_open, "", satisfaction),
    })
