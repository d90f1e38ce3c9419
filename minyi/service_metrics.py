"""The rates of 便民服务 办件 (政务服务网, 一体化平台 exports), defined once, with their 口径.

按时办结率 counts against the 承诺时限 in working days on the holiday calendar (定义 §3.2) and
divides as the cases' 按时办结率 does (MINYI_ON_TIME_DENOMINATOR); 评议满意率 is the cases' 满意率
rule applied to 好差评 (MINYI_BASIC_SATISFIED_WEIGHT, MINYI_COUNT_OVERDUE_UNRATED); 差评 is 不满意 +
非常不满意 of the ratings (定义 §3.1). SQL counts (queries/service/item_counts*.sql); the rates are
computed here. A rate with an empty denominator, or needing a column no 办件 export carried, is None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import db, metrics, month_rollups
from minyi.periods import Period
from minyi.scope import UNFILLED

BY_CHOICES = {"county": "全县", "level": "办理层级", "centre": "服务中心（窗口）", "township": "乡镇（街道）",
              "department": "实施部门", "matter": "事项"}
RATES = ("completion_rate", "on_time_rate", "satisfaction_rate", "bad_review_rate", "rectification_rate",
         "online_rate")
RATE_LABELS = {"completion_rate": "办结率", "on_time_rate": "按时办结率", "satisfaction_rate": "评议满意率",
               "bad_review_rate": "差评率", "rectification_rate": "差评整改率", "online_rate": "网办率"}
# A lower 差评率 is the good news; every other rate is better higher.
LOWER_IS_BETTER = frozenset({"bad_review_rate"})
# The export columns each rate needs (any one of a tuple's alternatives): without them in any 办件
# export, the rate is 无数据, not 0%.
NEEDS = {"completion_rate": (("closed_at",),), "on_time_rate": (("closed_at",), ("deadline",)),
         "satisfaction_rate": (("satisfaction",),), "bad_review_rate": (("satisfaction",),),
         "rectification_rate": (("satisfaction",), ("rectification", "rectified_at")),
         "online_rate": (("service_mode",),)}
# Each rate's numerator and denominator columns (with_rates adds the `*_base` ones).
PARTS = {"completion_rate": ("closed", "closure_items"), "on_time_rate": ("closed_on_time", "due"),
         "satisfaction_rate": (None, "rated"), "bad_review_rate": ("unsatisfied", "rated"),
         "rectification_rate": ("rectified", "unsatisfied"), "online_rate": ("online", "mode_known")}


@dataclass(frozen=True)
class ServicePolicy:
    """The 口径 of the 办件 rates: the cases' rule for 按时办结率's denominator and for 满意率."""

    cases: metrics.Policy = metrics.Policy()

    @classmethod
    def from_config(cls) -> "ServicePolicy":
        return cls(metrics.Policy.from_config())

    def describe(self, rate: str | None = None) -> str:
        """The 口径 in words: of one rate, or of all."""
        due = "应办结件（已办结+超过承诺时限仍未办结）" if self.cases.on_time_denominator == "due" else "已办结件"
        satisfaction = self.cases.describe("satisfaction_rate").split("=", 1)[1]
        rated = "已评价件" + ("（含逾期未评价）" if self.cases.count_overdue_unrated else "")
        texts = {
            "completion_rate": "办结率=截至期末已办结件÷受理件（导出文件无办结时间列的办件不计入）",
            "on_time_rate": f"按时办结率=在承诺时限内办结件÷{due}，承诺时限按工作日（法定节假日除外）计，未载明承诺时限的办件不计入",
            "satisfaction_rate": f"评议满意率={satisfaction}（好差评：非常满意、满意计为满意，差评为不满意和非常不满意）",
            "bad_review_rate": f"差评率=（不满意+非常不满意）÷{rated}",
            "rectification_rate": "差评整改率=已整改的差评÷差评",
            "online_rate": "网办率=网上办理（含掌上办）的办件÷载明办理方式的办件",
        }
        return texts[rate] if rate else "；".join(texts[name] for name in RATES) + "。"


def with_rates(counts: pd.DataFrame, policy: ServicePolicy) -> pd.DataFrame:
    """The counts with each rate and its denominator; None where the denominator is empty."""
    table = counts.copy()
    table["due"] = table["timed_closed"] + (table["open_past_deadline"] if policy.cases.on_time_denominator == "due"
                                            else 0)
    table["rated"] = [metrics.rated(row, policy.cases) for _, row in table.iterrows()]
    for rate, (numerator, base) in PARTS.items():
        if numerator is None:
            values = [metrics.satisfaction_rate(row, policy.cases) for _, row in table.iterrows()]
        else:
            values = [metrics.ratio(n, d) for n, d in zip(table[numerator], table[base])]
        table[rate] = pd.Series(values, index=table.index, dtype=object)
    return table


def fields_carried(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The fields some 办件 export carried a column for."""
    return set(db.run(con, "fields_carried", source="service")["field"])


def unsupported(carried: set[str]) -> dict[str, str]:
    """Rate → why it is 无数据: a column it needs that no 办件 export had."""
    from minyi.ingest.fields import FIELD_LABELS

    labels = {**FIELD_LABELS, "satisfaction": "评价（好差评）", "deadline": "承诺时限"}
    reasons = {}
    for rate, needed in NEEDS.items():
        missing = ["或".join(labels[f] for f in choices) for choices in needed if not set(choices) & carried]
        if missing:
            reasons[rate] = f"导入的办件中没有“{'、'.join(missing)}”列"
    return reasons


def stored_span(con: duckdb.DuckDBPyConnection) -> tuple[int, dt.date | None, dt.date | None]:
    """How many 办件 the database holds, and the first and last day received (0, None, None for a
    database without any, or from before 办件)."""
    return db.stored_span(con, "service/item_days")


def stored_items(con: duckdb.DuckDBPyConnection) -> int:
    return stored_span(con)[0]


# The column of service/item_counts each breakdown sums by.
BY_COLUMNS = {"level": "service_level", "centre": "centre", "township": "township", "department": "department",
              "matter": "matter_name"}


def _summed(cells: pd.DataFrame, by: str) -> pd.DataFrame:
    """The counts of service/item_counts summed to one row per unit of `by` (`unit`: 全县 for the
    county, （未填写） for 办件 without one), most 办件 first, then by name."""
    counts = cells.drop(columns=list(BY_COLUMNS.values()))
    if by == "county":
        counts = counts.sum().to_frame().T if len(counts) else counts
        counts.insert(0, "unit", pd.Series([metrics.COUNTY] * len(counts), index=counts.index, dtype=object))
        return counts
    counts.insert(0, "unit", cells[BY_COLUMNS[by]].astype(object).fillna(UNFILLED))
    counts = counts.groupby("unit", sort=False).sum().reset_index()
    return counts.sort_values(["items", "unit"], ascending=[False, True], ignore_index=True)


def count_periods(con: duckdb.DuckDBPyConnection, periods: list[Period], township: str | None = None,
                  department: str | None = None) -> list[pd.DataFrame]:
    """queries/service/item_counts of several periods (a view's, its 同比's and 环比's) from one
    read of the rollups, each memoised for rates_by."""
    return month_rollups.standing(con, "service/item_counts", "service/item_counts", periods,
                                  list(BY_COLUMNS.values()), {"township": township, "department": department})


def rates_by(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, by: str = "county",
             policy: ServicePolicy | None = None, township: str | None = None, department: str | None = None,
             level: str | None = None) -> pd.DataFrame:
    """One row per unit of `by` (BY_CHOICES): `unit` (全县 for the county), the counts and the
    rates, None where the data cannot support them; `township`, `department` and `level` keep the
    办件 of one."""
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {tuple(BY_CHOICES)}")
    policy = policy or ServicePolicy.from_config()
    cells = count_periods(con, [Period(start, end)], township, department)[0]  # memoised: for every breakdown
    if level is not None:
        cells = cells[cells["service_level"] == level]
    table = with_rates(_summed(cells, by), policy)
    for rate in unsupported(fields_carried(con)):
        table[rate] = None
    return table
