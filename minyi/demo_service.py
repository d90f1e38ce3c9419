"""The demo county's 便民服务 办件: the 县政务服务中心, a 便民服务中心 in every township and 便民服务站 in
villages, calibrated on the county documents' figure ("办理各类服务事项8356件，按时办结率和群众评议满意率
均达99%以上", 2012年1-9月). Written as an 一体化平台-style export, with the applicant's name and
phone number the importer must drop."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from minyi.demo_counts import allocate, received_times

# (事项名称, 事项类型, 实施部门, 承诺时限 in working days; 0 = 即办件) per 办理层级
MATTERS = {
    "县级": (("不动产登记", "行政许可", "县自然资源局", 5), ("营业执照办理", "行政许可", "县市场监管局", 3),
           ("食品经营许可", "行政许可", "县市场监管局", 10), ("建设工程规划许可", "行政许可", "县自然资源局", 15),
           ("社会保障卡办理", "公共服务", "县人社局", 5), ("医保关系转移接续", "公共服务", "县医保局", 10),
           ("户口迁移", "公共服务", "县公安局", 5), ("税务登记", "公共服务", "县税务局", 1),
           ("道路运输经营许可", "行政许可", "县交通运输局", 10), ("取水许可", "行政许可", "县水利局", 15)),
    "乡镇级": (("农村低保申请", "行政给付", "县民政局", 15), ("城乡居民医保参保登记", "公共服务", "县医保局", 0),
            ("农村宅基地建房审批", "行政许可", "县自然资源局", 15), ("生育服务登记", "公共服务", "县卫健局", 3),
            ("老年人优待证办理", "公共服务", "县民政局", 5), ("城乡居民养老保险登记", "公共服务", "县人社局", 3)),
    "村级": (("代缴城乡居民医保", "公共服务", None, 0), ("居住情况证明", "公共服务", None, 0),
           ("农村建房申请代办", "公共服务", None, 5), ("高龄津贴申领", "公共服务", "县民政局", 5)),
}
LEVEL_SHARES = {"县级": 0.46, "乡镇级": 0.40, "村级": 0.14}
# Each year's 办件 against 2012年1-9月's, and the share applied for online (网办) at the 县 and 乡镇 levels.
YEAR_SIZES = {2010: 0.81, 2011: 0.92}
ONLINE_SHARES = {2010: 0.12, 2011: 0.21, 2012: 0.34}
RATINGS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")


def service_items(rng: np.random.Generator, ytd_total: int, townships: tuple[str, ...], lagging: tuple[str, ...],
                  village_names, month_weights: np.ndarray, data_until: dt.date) -> pd.DataFrame:
    """`ytd_total` 办件 received in 1-9月 of the last year (the earlier years in YEAR_SIZES), each
    with its matter, level, centre, deadline, closure, 好差评 and the 整改 of a 差评; the lagging
    townships' centres finish late and are rated 差评 more often."""
    last_year = data_until.year
    months = {}
    for year in (*YEAR_SIZES, last_year):
        count = round(ytd_total * YEAR_SIZES.get(year, 1.0) / month_weights[:9].sum() * month_weights.sum())
        if year == last_year:
            count = ytd_total
        shown = month_weights[: data_until.month] if year == last_year else month_weights
        months.update({(year, month): n for month, n in enumerate(allocate(count, shown), start=1)})
    received = received_times(rng, months)
    count = len(received)
    levels = rng.choice(list(LEVEL_SHARES), count, p=list(LEVEL_SHARES.values()))
    town_index = rng.integers(0, len(townships), count)
    township = np.where(levels == "县级", None, np.array(townships, dtype=object)[town_index])
    village = np.array([village_names(i, k) for i, k in zip(town_index, rng.integers(0, 4, count))], dtype=object)
    centre = np.where(levels == "县级", "县政务服务中心",
                      np.where(levels == "乡镇级", np.char.add(township.astype(str), "便民服务中心"),
                               np.char.add(village.astype(str), "便民服务站")))
    matters = [MATTERS[level][rng.integers(0, len(MATTERS[level]))] for level in levels]
    working_days = np.array([matter[3] for matter in matters])
    lagging_place = np.isin(township, lagging)
    on_time = rng.random(count) < np.where(lagging_place, 0.955, 0.998)
    minute = np.timedelta64(1, "m")
    # N calendar days after receipt is never past the N-th working day; a late one is well past it
    taken = np.where(on_time, (rng.random(count) * np.maximum(working_days, 0.2) * 24 * 60).astype(int),
                     ((working_days * 1.4 + rng.integers(10, 20, count)) * 24 * 60).astype(int))
    closed = received + taken * minute
    last = np.datetime64(f"{data_until:%Y-%m-%d}T23:59")
    open_now = closed > last
    year = received.astype("datetime64[Y]").astype(int) + 1970
    online_share = np.array([ONLINE_SHARES.get(y, 0.3) for y in year])
    mode = np.where(levels == "村级", np.where(rng.random(count) < 0.6, "帮办代办", "窗口办理"),
                    np.where(rng.random(count) < online_share, "全程网办",
                             np.where(rng.random(count) < 0.06, "自助终端", "窗口办理")))
    rated = (rng.random(count) < 0.72) & ~open_now
    rating = np.empty(count, dtype=object)
    for place, bad in ((~lagging_place, 0.002), (lagging_place, 0.02)):
        rating[place] = rng.choice(RATINGS, int(place.sum()), p=[0.6, 0.34, 0.06 - bad * 2, bad * 1.2, bad * 0.8])
    rating = np.where(rated, rating, None)
    rectified = np.where(np.isin(rating, ("不满意", "非常不满意")),
                         np.where(rng.random(count) < 0.85, "已整改", "整改中"), None)
    return pd.DataFrame({
        "办件编号": [f"BJ{n:09d}" for n in range(1, count + 1)],
        "事项名称": [matter[0] for matter in matters],
        "事项类型": [matter[1] for matter in matters],
        "办理层级": levels,
        "服务中心": centre,
        "所属乡镇": township,
        "实施部门": [matter[2] for matter in matters],
        "办理方式": mode,
        "申请人": "（演示）申请人",
        "联系电话": "13900000000",
        "受理时间": pd.to_datetime(received),
        "承诺时限": ["即办件" if n == 0 else f"{n}个工作日" for n in working_days],
        "办结时间": pd.to_datetime(np.where(open_now, np.datetime64("NaT"), closed)),
        "评价结果": rating,
        "整改情况": rectified,
    })


# What each department's 审批 matters are about, and what is done about it: 2011's list is every
# pair that fits in 289; 2012's keeps 147 of them (审批事项由289项精简到147项).
SUBJECTS = {"县公安局": "户籍管理", "县住建局": "建筑施工", "县人社局": "职业技能", "县自然资源局": "土地使用",
            "县生态环境局": "排污", "县交通运输局": "道路运输", "县农业农村局": "农药经营", "县水利局": "取水",
            "县市场监管局": "食品经营", "县教育局": "民办学校", "县卫健局": "医疗机构", "县民政局": "社会团体",
            "县城管局": "户外广告", "县司法局": "法律服务", "县林业局": "林木采伐", "县应急管理局": "危险化学品",
            "县发改局": "固定资产投资", "县商务局": "成品油零售", "县文旅局": "娱乐场所", "县行政审批局": "综合审批"}
ACTIONS = ("许可", "许可变更", "许可延续", "许可注销", "备案", "资质认定", "年度核验", "证照补办", "核准", "审核转报",
           "登记", "变更登记", "注销登记", "证明", "复核")
CATALOGUE_SIZES = {2011: 289, 2012: 147}


def catalogue(rng: np.random.Generator) -> pd.DataFrame:
    """The county level's 审批 事项目录 of each year in CATALOGUE_SIZES, a later year a subset of the one before."""
    every = [(department, f"{subject}{action}") for action in ACTIONS for department, subject in SUBJECTS.items()]
    kept = np.arange(len(every))
    rows = []
    for year, size in sorted(CATALOGUE_SIZES.items()):
        kept = np.sort(rng.choice(kept, size, replace=False))
        rows += [(f"{year}年", "县级", f"QL{index + 1:04d}", every[index][1], "行政许可", every[index][0]) for index in kept]
    return pd.DataFrame(rows, columns=["目录年度", "办理层级", "事项编码", "事项名称", "事项类型", "实施部门"])


def consultations(rng: np.random.Generator, ytd_total: int, townships: tuple[str, ...], month_weights: np.ndarray,
                  data_until: dt.date) -> pd.DataFrame:
    """咨询人次 per centre (the 县政务服务中心 and each township's 便民服务中心) and month: `ytd_total` in 1-9月
    of the last year, the earlier years a little fewer."""
    centres = [("县政务服务中心", None), *((f"{name}便民服务中心", name) for name in townships)]
    weights = np.array([6.0, *rng.gamma(4.0, 0.25, len(townships))])
    rows = []
    for year, size in ((data_until.year - 2, 0.78), (data_until.year - 1, 0.9), (data_until.year, 1.0)):
        last_month = data_until.month if year == data_until.year else 12
        total = round(ytd_total * size * (month_weights[:last_month].sum() / month_weights[:9].sum()))
        cells = np.outer(month_weights[:last_month], weights).ravel()
        for index, visits in enumerate(allocate(total, cells)):
            month, centre = divmod(index, len(centres))
            rows.append((f"{year}年{month + 1}月", *centres[centre], int(visits)))
    return pd.DataFrame(rows, columns=["统计月份", "服务中心", "所属乡镇", "咨询人次"])
