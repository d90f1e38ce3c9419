"""The rates a 考核 item may name (`from = "grid.found_rate"`), each read per unit of one kind.

Every rate is the one the dashboard shows, computed by the same functions under the same 口径
(metrics, grid_metrics, service_metrics); this module only says which exist for which units and
reads them per unit. A team's grid rates are those of the village (else township) it is
stationed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import coverage, formatting, grid_metrics, metrics, service_metrics, view_cache
from minyi.periods import Period
from minyi.scope import UNFILLED, Scope

NO_DATA = "本期无可计数据"
NOT_IN_DATA = "本期数据中没有该单位"


@dataclass(frozen=True)
class Rate:
    name: str
    label: str
    units: frozenset[str]
    lower_is_better: bool
    read: Callable[[duckdb.DuckDBPyConnection, Period, str, tuple], pd.DataFrame]
    describe: Callable[[], str]

    def values(self, con: duckdb.DuckDBPyConnection, period: Period, units: str, teams: tuple = ()) -> pd.DataFrame:
        """One row per unit with data: `unit`, `rate` (a fraction, None: no rate), `base` (its
        denominator) and `reason` (why there is no rate)."""
        return self.read(con, period, units, teams)


def _rows(units: pd.Series, rates: pd.Series, bases: pd.Series, unsupported: str | None) -> pd.DataFrame:
    table = pd.DataFrame({"unit": units.to_numpy(), "rate": rates.astype(object).to_numpy(),
                          "base": pd.to_numeric(bases, errors="coerce").to_numpy()})
    table["reason"] = [unsupported or NO_DATA if formatting.is_missing(rate) else None for rate in table["rate"]]
    return table[~table["unit"].isin([UNFILLED, metrics.COUNTY]) & table["unit"].notna()].reset_index(drop=True)


@view_cache.memoised
def _grid_rates(con, start, end, level: str) -> pd.DataFrame:
    """grid_metrics.rates_by, once per view for all of a rule's grid items (and both periods)."""
    return grid_metrics.rates_by(con, start, end, level)


@view_cache.memoised
def _service_rates(con, start, end, by: str) -> pd.DataFrame:
    return service_metrics.rates_by(con, start, end, by)


def _case_rate(source: str | None, rate: str) -> Callable:
    def read(con, period: Period, units: str, teams: tuple) -> pd.DataFrame:
        scope = Scope(period, source=source)
        table = metrics.rates_by(con, scope, units, metrics.Policy.from_config())
        why = coverage.read(con, scope).unsupported(source).get(rate)  # 导出文件无回访结果列
        return _rows(table["unit"], table[rate], table[metrics.RATE_BASES[rate]], why)
    return read


GRID_BASES = {"found_rate": "found_base", "reported_in_time_rate": "report_timed", "disposal_rate": "disposal_base",
              "disposed_on_time_rate": "disposal_base", "closure_rate": "closure_base",
              "closed_on_time_rate": "closure_base", "satisfaction_rate": "satisfaction_base"}


def _grid_rate(rate: str) -> Callable:
    def read(con, period: Period, units: str, teams: tuple) -> pd.DataFrame:
        if not grid_metrics.stored_events(con):
            return _rows(pd.Series([], dtype=object), pd.Series([], dtype=object), pd.Series([], dtype=float), None)
        unsupported = grid_metrics.unsupported(grid_metrics.fields_carried(con)).get(rate)

        def by(level: str) -> pd.DataFrame:
            table = _grid_rates(con, period.start, period.end, level)
            return _rows(table["unit"], table[rate], table[GRID_BASES[rate]], unsupported)

        if units == "township":
            return by("township")
        places = pd.concat([by("township"), by("village")], ignore_index=True).set_index("unit")
        stationed = [(team.name, f"{team.township}/{team.village}" if team.village else team.township)
                     for team in teams]
        held = [(name, place) for name, place in stationed if place in places.index]
        return pd.DataFrame({"unit": [name for name, _ in held],
                             **{column: [places.at[place, column] for _, place in held]
                                for column in ("rate", "base", "reason")}})
    return read


def _service_rate(rate: str) -> Callable:
    def read(con, period: Period, units: str, teams: tuple) -> pd.DataFrame:
        if not service_metrics.stored_items(con):
            return _rows(pd.Series([], dtype=object), pd.Series([], dtype=object), pd.Series([], dtype=float), None)
        table = _service_rates(con, period.start, period.end, units)
        unsupported = service_metrics.unsupported(service_metrics.fields_carried(con)).get(rate)
        return _rows(table["unit"], table[rate], table[service_metrics.PARTS[rate][1]], unsupported)
    return read


def _survey_rate(key: str) -> Callable:
    def read(con, period: Period, units: str, teams: tuple) -> pd.DataFrame:
        from minyi import satisfaction, survey_indicators

        weight = metrics.Policy.from_config().basic_satisfied_weight
        table = survey_indicators.rates(satisfaction.survey_votes(con, Scope(period)), by=units, basic_weight=weight)
        table = table[table["indicator"] == key]
        return _rows(table["unit"], table["rate"], table["answered"], None)
    return read


def _catalogue() -> dict[str, Rate]:
    from minyi import survey_indicators

    places = frozenset({"township", "department"})
    rates = [Rate(f"{prefix}.{rate}", f"{label}{metrics_label}", places, False, _case_rate(source, rate),
                  lambda rate=rate: metrics.Policy.from_config().describe(rate))
             for prefix, source, label in (("cases", None, "信访投诉"), ("petition", "petition", "信访"),
                                           ("complaint", "complaint", "投诉"))
             for rate, metrics_label in (("on_time_rate", "按时办结率"), ("completion_rate", "办结率"),
                                         ("satisfaction_rate", "满意率"))]
    rates += [Rate(f"grid.{rate}", f"网格{label}", frozenset({"township", "team"}), False, _grid_rate(rate),
                   lambda rate=rate: grid_metrics.GridPolicy.from_config().describe(rate))
              for rate, label in grid_metrics.RATE_LABELS.items()]
    rates += [Rate(f"service.{rate}", f"便民服务{label}", places, rate in service_metrics.LOWER_IS_BETTER,
                   _service_rate(rate), lambda rate=rate: service_metrics.ServicePolicy.from_config().describe(rate))
              for rate, label in service_metrics.RATE_LABELS.items()]
    rates += [Rate(f"survey.{indicator.key}_rate", f"民意调查{indicator.label}", places, False,
                   _survey_rate(indicator.key),
                   lambda indicator=indicator: indicator.caliber(metrics.Policy.from_config().basic_satisfied_weight))
              for indicator in survey_indicators.INDICATORS]
    return {rate.name: rate for rate in rates}


CATALOGUE = _catalogue()


def available() -> dict[str, frozenset[str]]:
    """Rate name → the unit kinds it exists for, for checking a rule file."""
    return {name: rate.units for name, rate in CATALOGUE.items()}


def lower_is_better() -> frozenset[str]:
    """The rates where less is the good news (差评率)."""
    return frozenset(name for name, rate in CATALOGUE.items() if rate.lower_is_better)
