"""Every headline rate, defined once, with the 统计口径 in force.

Counties count the same rate differently, so each choice is a setting (minyi.config) and
`Policy.describe()` states the 口径 in words, to be shown wherever a rate appears. SQL only
counts (minyi.case_cells, queries/late_cells.sql); the rates are computed here, so every page, the CLI and
the briefing share one definition. A rate with an empty denominator is None, never 0 or NaN;
a rate or count needing a field no export in view carried (minyi.coverage) is None too.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import case_cells, config, coverage as field_coverage, db, view_cache
from minyi.scope import Scope

BY_CHOICES = ("county", "source", "township", "department")
SOURCE_CHOICES = ("petition", "complaint")


@dataclass(frozen=True)
class Policy:
    """The 口径 of the rates: weight of 基本满意, whether 逾期未评价 counts, 按时办结率's denominator,
    and whether deadlines assumed by rule (the export stated none) count."""

    basic_satisfied_weight: float = 1.0
    count_overdue_unrated: bool = False
    on_time_denominator: str = "due"
    assumed_deadlines: bool = True

    @classmethod
    def from_config(cls) -> "Policy":
        return cls(
            config.BASIC_SATISFIED_WEIGHT.number(),
            config.COUNT_OVERDUE_UNRATED.choice(("0", "1")) == "1",
            config.ON_TIME_DENOMINATOR.choice(("due", "closed")),
            config.ASSUMED_DEADLINES.choice(("0", "1")) == "1",
        )

    def describe(self, rate: str | None = None) -> str:
        """The 口径 in words: of one rate (`on_time_rate`, ...), or of all three."""
        weight = "满意+基本满意" if self.basic_satisfied_weight == 1 else f"满意+{self.basic_satisfied_weight:g}×基本满意"
        unrated = "逾期未评价计为满意" if self.count_overdue_unrated else "逾期未评价不计入"
        due = "应办结件（已办结+超期未办结）" if self.on_time_denominator == "due" else "已办结件"
        deadlines = ("办理期限以导出文件载明的为准，未载明的按期限规则推定" if self.assumed_deadlines else
                     "仅计导出文件载明办理期限的案件，期限按规则推定的不计入（超期未办结同）")
        texts = {
            "satisfaction_rate": f"满意率=（{weight}）÷已评价件，{unrated}，未回访不计入",
            "on_time_rate": f"按时办结率=按期办结件÷{due}，{deadlines}",
            "completion_rate": "办结率=截至期末已办结件÷受理件",
        }
        return texts[rate] if rate else "；".join(texts[name] for name in RATES) + "。"


def ratio(numerator: float, denominator: float) -> float | None:
    return None if not denominator else numerator / denominator


def completion_rate(row: pd.Series) -> float | None:
    """办结率: cases closed by the period end ÷ cases received in the period (of the sources
    whose exports carry closures: `closure_received`)."""
    return ratio(row["closed"], row["closure_received"])


def due(row: pd.Series, policy: Policy) -> int:
    """The denominator of 按时办结率: cases due (closed, or open past the deadline at the period
    end), or closed cases only when the 口径 says so; without assumed deadlines, only cases whose
    export stated the deadline (`timed_closed` and `open_past_deadline` are counted so)."""
    return row["timed_closed"] + (row["open_past_deadline"] if policy.on_time_denominator == "due" else 0)


def deadline_bases(row: pd.Series, policy: Policy) -> tuple[int, int]:
    """Of the cases 按时办结率 is about (closed, and open past the deadline when the denominator is
    `due`), how many deadlines the export stated and how many a rule assumed (assumed ones are
    counted even when the 口径 leaves them out, to say how many were left out)."""
    open_too = policy.on_time_denominator == "due"
    return (row["closed_stated"] + (row["open_past_stated"] if open_too else 0),
            row["closed_assumed"] + (row["open_past_assumed"] if open_too else 0))


def on_time_rate(row: pd.Series, policy: Policy) -> float | None:
    """按时办结率: closed on or before the deadline ÷ due."""
    return ratio(row["closed_on_time"], due(row, policy))


def rated(row: pd.Series, policy: Policy) -> int:
    """The denominator of 满意率: rated callbacks, with 逾期未评价 when the 口径 counts it; 未回访
    never."""
    unrated = row["overdue_unrated"] if policy.count_overdue_unrated else 0
    return row["satisfied"] + row["basically_satisfied"] + row["unsatisfied"] + unrated


def satisfaction_rate(row: pd.Series, policy: Policy) -> float | None:
    """满意率: (满意 + weight × 基本满意, + 逾期未评价 when counted) ÷ rated."""
    unrated = row["overdue_unrated"] if policy.count_overdue_unrated else 0
    return ratio(row["satisfied"] + policy.basic_satisfied_weight * row["basically_satisfied"] + unrated,
                 rated(row, policy))


def change(current: float, previous: float) -> float | None:
    """Relative change (0.295 = up 29.5%); None when there is no baseline to compare with."""
    return None if not previous else (current - previous) / previous


def trend_change(current: float, previous: float) -> float | None:
    """`change`, but None below MINYI_COMPARISON_MIN_BASE cases as well: 4,242 against 3 is not a
    trend, in a table, a download or `metrics --format json` any more than on a card."""
    return None if previous < config.comparison_min_base() else change(current, previous)


COUNTS = ("received", "closure_received", "closed", "timed_closed", "closed_on_time", "closed_stated",
          "closed_assumed", "open_past_deadline", "open_past_stated", "open_past_assumed", "satisfied",
          "basically_satisfied", "unsatisfied", "overdue_unrated", "not_called_back", "repeat_received",
          "repeat_cases", "overdue_open")
ANSWER_COUNTS = {"满意": "satisfied", "基本满意": "basically_satisfied", "不满意": "unsatisfied",
                 "逾期未评价": "overdue_unrated", "未回访": "not_called_back"}
COUNTY = "全县"


def case_counts(con: duckdb.DuckDBPyConnection, scope: Scope, by: str = "county", policy: Policy | None = None,
                coverage: field_coverage.Coverage | None = None) -> pd.DataFrame:
    """One row per unit (`unit`, then COUNTS), busiest first, added up from the scope's cells.

    A case none of whose exports had a closure column adds nothing to the closure counts (closed,
    due, overdue: `closure_received` is their denominator), one without a repeat column nothing to
    `repeat_cases` (`repeat_received`); a source without callbacks adds nothing to the answers. Without
    assumed deadlines (Policy), on-time and overdue counts keep only deadlines the export stated;
    `*_stated` / `*_assumed` split the closed and the open-past-deadline cases by deadline basis."""
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {BY_CHOICES}")
    policy = policy or Policy()
    coverage = coverage or field_coverage.read(con)
    cells = case_cells.cells(con, scope)
    late = db.run(con, "late_cells", **scope.params())
    if by in field_coverage.FIELD_LABELS:  # a source without the column would be one （未填写） unit
        cells, late = (coverage.keep_sources_with(by, table) for table in (cells, late))
    for table in (cells, late):
        table["unit"] = COUNTY if by == "county" else table[by]
        table["closure"] = table["closure_known"].fillna(False).astype(bool)
        table["stated"] = table["deadline_stated"].fillna(False).astype(bool)
        table["counted"] = table["stated"] | policy.assumed_deadlines
    closure, stated, counted = cells["closure"], cells["stated"], cells["counted"]
    cells["closure_received"] = cells["received"].where(closure, 0)
    cells["closed"] = cells["closed"].where(closure, 0)
    cells["timed_closed"] = cells["closed"].where(counted, 0)
    cells["closed_on_time"] = cells["closed_on_time"].where(closure & counted, 0)
    cells["closed_stated"] = cells["closed"].where(stated, 0)
    cells["closed_assumed"] = cells["closed"].where(~stated, 0)
    callback = cells["source"].isin(coverage.sources_with("satisfaction"))
    for answer, column in ANSWER_COUNTS.items():
        cells[column] = cells["received"].where((cells["satisfaction"] == answer) & callback, 0)
    repeat = cells["repeat_known"].fillna(False).astype(bool)
    cells["repeat_received"] = cells["received"].where(repeat, 0)
    cells["repeat_cases"] = cells["repeat_cases"].where(repeat, 0)
    open_past = late["open_past_deadline"].where(late["closure"], 0)
    late["open_past_stated"] = open_past.where(late["stated"], 0)
    late["open_past_assumed"] = open_past.where(~late["stated"], 0)
    late["open_past_deadline"] = open_past.where(late["counted"], 0)
    late["overdue_open"] = late["overdue_open"].where(late["closure"] & late["counted"], 0)
    counts = cells.groupby("unit")[["received", "closure_received", "closed", "timed_closed", "closed_on_time",
                                    "closed_stated", "closed_assumed", "repeat_received", "repeat_cases",
                                    *ANSWER_COUNTS.values()]].sum()
    late_counts = ["open_past_deadline", "open_past_stated", "open_past_assumed", "overdue_open"]
    counts = counts.join(late.groupby("unit")[late_counts].sum(), how="outer")
    counts = counts.fillna(0).astype(int).reset_index()[["unit", *COUNTS]]
    return counts.sort_values(["received", "unit"], ascending=[False, True], ignore_index=True)


RATES = ("completion_rate", "on_time_rate", "satisfaction_rate")
# The denominator each rate rests on: a comparison rate over fewer than MINYI_COMPARISON_MIN_BASE
# cases is quoted by its base, not compared in points.
RATE_BASES = {"completion_rate": "closure_received", "on_time_rate": "due", "satisfaction_rate": "rated"}
COMPARED_COUNTS = ("received", "overdue_open", "repeat_cases", *RATE_BASES.values())
COMPARISONS = {"last_year": (Scope.last_year, "yoy"), "previous": (Scope.previous, "pop")}  # 同比, 环比
LATEST_MONTH = ("month_received", "month_received_previous", "month_received_pop")  # 环比 of 1–N月


def with_rates(counts: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """The counts with the three rates, their denominators `due` and `rated`, and how many of the
    on-time rate's deadlines were stated or assumed (`deadlines_stated`, `deadlines_assumed`)
    added (a rate is None where its denominator is empty)."""
    table = counts.copy()
    rows = [row for _, row in table.iterrows()]
    table["due"] = [due(r, policy) for r in rows]
    bases = [deadline_bases(r, policy) for r in rows]
    table["deadlines_stated"] = [stated for stated, _ in bases]
    table["deadlines_assumed"] = [assumed for _, assumed in bases]
    table["rated"] = [rated(r, policy) for r in rows]
    table["completion_rate"] = pd.Series([completion_rate(r) for r in rows], index=table.index, dtype=object)
    table["on_time_rate"] = pd.Series([on_time_rate(r, policy) for r in rows], index=table.index, dtype=object)
    table["satisfaction_rate"] = pd.Series([satisfaction_rate(r, policy) for r in rows], index=table.index, dtype=object)
    return table


DEADLINE_COUNTS = ["deadlines_stated", "deadlines_assumed"]
NO_STATED_DEADLINE = "导出文件未载明办理期限，推定期限按口径不计入"


def deadline_gaps(row: pd.Series, policy: Policy) -> dict[str, str]:
    """按时办结率 and 超期未办结 with the reason they are 无数据, when assumed deadlines are not
    counted (Policy) and no case in view has a deadline the export stated; else nothing."""
    if policy.assumed_deadlines or row["deadlines_stated"]:
        return {}
    return {"on_time_rate": NO_STATED_DEADLINE, "overdue_open": NO_STATED_DEADLINE}


def without_unsupported(table: pd.DataFrame, coverage: field_coverage.Coverage, source: str | None,
                        policy: Policy) -> pd.DataFrame:
    """The table with every number the data cannot support set to None (无数据, never 0% or 0件),
    with its comparisons: those needing a field no export in view carried (minyi.coverage says
    why), and per row those of `deadline_gaps`."""
    table = table.copy()
    everywhere = coverage.unsupported(source)
    for index, row in table.iterrows():
        for number in {**everywhere, **deadline_gaps(row, policy)}:
            for column in [c for c in table.columns if c == number or c.startswith(f"{number}_")]:
                table[column] = table[column].astype(object)
                table.at[index, column] = None
    return table


@view_cache.memoised
def rates_by(con: duckdb.DuckDBPyConnection, scope: Scope, by: str, policy: Policy) -> pd.DataFrame:
    """Counts, rates and their denominators per unit for one period (no comparisons)."""
    coverage = field_coverage.read(con, scope)
    return without_unsupported(with_rates(case_counts(con, scope, by, policy, coverage), policy), coverage,
                               scope.source, policy)


@view_cache.memoised
def headline(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    by: str = "county",
    policy: Policy | None = None,
    comparisons: tuple[str, ...] = ("last_year",),
    total: str | None = None,
) -> pd.DataFrame:
    """One row per unit: counts and rates, and for each comparison (`last_year` = 同比,
    `previous` = 环比) that period's compared counts and rates (`received_last_year`,
    `on_time_rate_previous`, ...; None where the unit had no cases then) and the change in
    cases received (`received_yoy`, `received_pop`). 环比 follows the period kind
    (periods.pop_windows): none for 年 and 自定义; for 1–N月 only the latest month's receipts
    against the month before (`month_received`, `month_received_previous`, `month_received_pop`),
    since a year-to-date total or rate has no like-for-like previous period. With `total`, a last
    row of that name adds up all units (counts add up; its rates come from the sums)."""
    policy = policy or Policy.from_config()
    case_cells.read_ahead(con, [scope, *_compared_scopes(scope, comparisons)])
    coverage = field_coverage.read(con, scope)

    def counted(period_scope: Scope) -> pd.DataFrame:
        counts = case_counts(con, period_scope, by, policy, coverage)
        if total is not None:
            sums = counts.drop(columns="unit").sum().to_frame().T.astype(int).assign(unit=total)
            counts = pd.concat([counts, sums[counts.columns]], ignore_index=True)
        return with_rates(counts, policy)

    table = counted(scope)
    for name in comparisons:
        shifted, change_name = COMPARISONS[name]
        windows = scope.pop_windows() if name == "previous" else None
        if name == "previous" and windows is None:  # 年, 自定义: no 环比
            continue
        if windows is not None and windows.latest_month_only:
            table = _latest_month(table, counted, scope, windows)
            continue
        earlier = counted(shifted(scope))[["unit", *COMPARED_COUNTS, *RATES]].rename(
            columns=lambda c: c if c == "unit" else f"{c}_{name}")
        table = table.merge(earlier, on="unit", how="left")
        for count in COMPARED_COUNTS:
            table[f"{count}_{name}"] = table[f"{count}_{name}"].fillna(0).astype(int)
        for rate in RATES:
            column = table[f"{rate}_{name}"].astype(object)
            table[f"{rate}_{name}"] = column.where(column.notna(), None)
        table[f"received_{change_name}"] = pd.Series(
            [trend_change(c, p) for c, p in zip(table["received"], table[f"received_{name}"])], index=table.index,
            dtype=object
        )
    return without_unsupported(table, coverage, scope.source, policy)


def _compared_scopes(scope: Scope, comparisons: tuple[str, ...]) -> list[Scope]:
    """The scopes `headline` counts besides `scope` for its comparisons."""
    scopes = []
    for name in comparisons:
        windows = scope.pop_windows() if name == "previous" else None
        if windows is not None and windows.latest_month_only:
            scopes += [scope.with_period(windows.current), scope.with_period(windows.previous)]
        elif name != "previous" or windows is not None:
            scopes.append(COMPARISONS[name][0](scope))
    return scopes


def _latest_month(table: pd.DataFrame, counted, scope: Scope, windows) -> pd.DataFrame:
    """`table` with the latest month's receipts and the month before's (环比 of 1–N月)."""
    for column, period in (("month_received", windows.current), ("month_received_previous", windows.previous)):
        months = counted(scope.with_period(period))[["unit", "received"]].rename(columns={"received": column})
        table = table.merge(months, on="unit", how="left")
        table[column] = table[column].fillna(0).astype(int)
    table["month_received_pop"] = pd.Series(
        [trend_change(c, p) for c, p in zip(table["month_received"], table["month_received_previous"])],
        index=table.index, dtype=object)
    return table
