"""The rates of grid events (网格化服务管理, 数字城管), defined once, with their 口径.

No national formula exists for 社会治理 grids, so each rate is a `GridPolicy` choice with a default
and its 口径 in words. 结案率 and 按期结案率 default to 数字城管's published way (denominator
应结案: events closed by the period end plus those still open past their deadline; a 天门 monthly
report gives 911 of 972 = 93.72% and 737 of 972 = 75.82%, tests/test_grid.py). 满意率 follows the
cases' rule (metrics.Policy). SQL counts (queries/grid/event_counts*.sql); the rates are computed
here. A rate with an empty denominator, or needing a field no grid export carried, is None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import config, db, metrics, month_rollups
from minyi.periods import Period

LEVELS = {"county": "全县", "township": "乡镇（街道）", "village": "村（社区）", "grid": "网格"}
RATES = ("found_rate", "reported_in_time_rate", "disposal_rate", "disposed_on_time_rate", "closure_rate",
         "closed_on_time_rate", "satisfaction_rate")
RATE_LABELS = {"found_rate": "发现率", "reported_in_time_rate": "上报及时率", "disposal_rate": "处置率",
               "disposed_on_time_rate": "按期处置率", "closure_rate": "结案率", "closed_on_time_rate": "按期结案率",
               "satisfaction_rate": "满意率"}
# The export column each rate needs: without it in any grid export, the rate is 无数据, not 0%.
NEEDS = {"found_rate": ("event_source",), "reported_in_time_rate": ("event_source", "found_at", "reported_at"),
         "disposal_rate": ("disposed_at",), "disposed_on_time_rate": ("disposed_at", "deadline"),
         "closure_rate": ("closed_at",), "closed_on_time_rate": ("closed_at", "deadline"),
         "satisfaction_rate": ("satisfaction",)}
# The longest 上报及时 limit the rollups serve (grid_event_steps keeps delays up to a week).
ROLLED_REPORT_HOURS = 168


@dataclass(frozen=True)
class GridPolicy:
    """The 口径 of the grid rates: what 发现率 divides by (立案 events, or every event reported),
    within how many hours of being found an event counts as reported in time, what 结案率 and
    按期结案率 divide by (应结案, or every 立案 event), and the cases' 满意率 rule."""

    found_denominator: str = "registered"
    report_hours: float = 24.0
    closure_denominator: str = "due"
    satisfaction: metrics.Policy = metrics.Policy()

    @classmethod
    def from_config(cls) -> "GridPolicy":
        return cls(config.GRID_FOUND_DENOMINATOR.choice(("registered", "all")),
                   config.GRID_REPORT_HOURS.number(minimum=0),
                   config.GRID_CLOSURE_DENOMINATOR.choice(("due", "registered")),
                   metrics.Policy.from_config())

    def describe(self, rate: str | None = None) -> str:
        """The 口径 in words: of one rate, or of all."""
        found_base = "立案事件数" if self.found_denominator == "registered" else "上报事件总数（含未立案）"
        closure_base = ("应结案数（期末前已结案+期末仍未结案且已超过处置时限）" if self.closure_denominator == "due"
                        else "立案事件数")
        texts = {
            "found_rate": f"发现率=网格员（监督员）巡查发现的立案事件÷{found_base}",
            "reported_in_time_rate": f"上报及时率=发现后{self.report_hours:g}小时内上报的巡查发现事件÷有发现和上报时间的巡查发现事件",
            "disposal_rate": "处置率=期末前已处置÷应处置数（已处置+期末仍未处置且已超过处置时限）",
            "disposed_on_time_rate": "按期处置率=在处置时限内处置÷应处置数",
            "closure_rate": f"结案率=期末前已结案÷{closure_base}",
            "closed_on_time_rate": f"按期结案率=在处置时限内结案÷{closure_base}",
            "satisfaction_rate": self.satisfaction.describe("satisfaction_rate"),
        }
        return texts[rate] if rate else "；".join(texts[name] for name in RATES) + "。"


def with_rates(counts: pd.DataFrame, policy: GridPolicy) -> pd.DataFrame:
    """The counts with each rate and its denominator (`*_base`); None where the base is empty."""
    table = counts.copy()
    table["found_base"] = table["registered"] if policy.found_denominator == "registered" else table["events"]
    table["disposal_base"] = table["disposed"] + table["open_past_disposal"]
    table["closure_base"] = (table["closed"] + table["open_past_closure"] if policy.closure_denominator == "due"
                             else table["registered"])
    table["satisfaction_base"] = [metrics.rated(row, policy.satisfaction) for _, row in table.iterrows()]
    numerators = {"found_rate": ("found_by_staff", "found_base"),
                  "reported_in_time_rate": ("reported_in_time", "report_timed"),
                  "disposal_rate": ("disposed", "disposal_base"),
                  "disposed_on_time_rate": ("disposed_on_time", "disposal_base"),
                  "closure_rate": ("closed", "closure_base"),
                  "closed_on_time_rate": ("closed_on_time", "closure_base")}
    for rate, (numerator, base) in numerators.items():
        table[rate] = pd.Series([metrics.ratio(n, d) for n, d in zip(table[numerator], table[base])],
                                index=table.index, dtype=object)
    table["satisfaction_rate"] = pd.Series([metrics.satisfaction_rate(row, policy.satisfaction)
                                            for _, row in table.iterrows()], index=table.index, dtype=object)
    return table


def fields_carried(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The fields some grid export carried a column for."""
    return set(db.run(con, "fields_carried", source="grid")["field"])


def unsupported(carried: set[str]) -> dict[str, str]:
    """Rate → why it is 无数据: a column it needs that no grid export had."""
    from minyi.ingest.fields import FIELD_LABELS

    return {rate: f"导入的网格事件中没有“{'、'.join(FIELD_LABELS[f] for f in needed if f not in carried)}”列"
            for rate, needed in NEEDS.items() if not set(needed) <= carried}


def stored_span(con: duckdb.DuckDBPyConnection) -> tuple[int, dt.date | None, dt.date | None]:
    """How many grid events the database holds, and their first and last day (0, None, None for
    a database without any, or from before grid events)."""
    return db.stored_span(con, "grid/event_days")


def stored_events(con: duckdb.DuckDBPyConnection) -> int:
    return stored_span(con)[0]


def event_counts(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, township: str | None,
                 department: str | None, report_hours: float) -> pd.DataFrame:
    """queries/grid/event_counts per grid over [start, end] as things stood at its end."""
    return count_periods(con, [Period(start, end)], township, department, report_hours)[0]


def count_periods(con: duckdb.DuckDBPyConnection, periods: list[Period], township: str | None,
                  department: str | None, report_hours: float) -> list[pd.DataFrame]:
    """event_counts of several periods (a view's, its 同比's) from one read of the rollups, each
    memoised for rates_by. The rollups keep report delays in whole hours up to ROLLED_REPORT_HOURS:
    another 上报及时 limit reads every event."""
    rolled = float(report_hours).is_integer() and report_hours <= ROLLED_REPORT_HOURS
    return month_rollups.standing(con, "grid/event_counts", "grid/event_counts" if rolled else None, periods,
                                  ["township", "village", "grid"], {"township": township, "department": department},
                                  report_hours=report_hours)


def _summed(grids: pd.DataFrame, by: str) -> pd.DataFrame:
    """The per-grid counts summed to level `by`: the columns above it kept, those below null,
    units with most events first (then by name)."""
    keys = ["township", "village", "grid"][:["county", "township", "village", "grid"].index(by)]
    counts = grids.drop(columns=["township", "village", "grid"][len(keys):])
    counts = (counts.groupby(keys, dropna=False, sort=False).sum().reset_index() if keys
              else counts.sum().to_frame().T if len(counts) else counts)
    for column in ["township", "village", "grid"][len(keys):]:
        counts[column] = None
    counts = counts[["township", "village", "grid", *(c for c in grids.columns if c not in ("township", "village", "grid"))]]
    return counts.sort_values(["events", "township", "village", "grid"], ascending=[False, True, True, True],
                              na_position="last", ignore_index=True)


def rates_by(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, by: str = "county",
             township: str | None = None, policy: GridPolicy | None = None,
             department: str | None = None) -> pd.DataFrame:
    """One row per unit at level `by` (LEVELS): `unit` (its name, with the places above it), the
    counts and the rates, rates None where the data cannot support them. `township` and
    `department` (the one disposing) keep the events of one."""
    if by not in LEVELS:
        raise ValueError(f"by must be one of {tuple(LEVELS)}")
    policy = policy or GridPolicy.from_config()
    grids = event_counts(con, start, end, township, department, policy.report_hours)
    counts = _summed(grids, by)
    parts = counts[["township", "village", "grid"]].astype(object)
    counts.insert(0, "unit", pd.Series(["/".join(str(p) if p is not None and p == p else "（未填写）"
                                                  for p in row[:["county", "township", "village", "grid"].index(by)])
                                        or metrics.COUNTY for row in parts.itertuples(index=False)],
                                       index=counts.index, dtype=object))  # object even when no unit has events
    table = with_rates(counts, policy)
    for rate in unsupported(fields_carried(con)):
        table[rate] = None
    return table
