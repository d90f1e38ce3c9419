"""What the 便民服务 page shows, computed without Streamlit: the headline figures with 同比 and 环比,
the 办件 by 办理层级, the centres of a level ranked by a rate with the laggards marked, the matters
handled most, and the 办件 month by month by level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from minyi import config, formatting, month_rollups, service_metrics, service_totals, timeliness, trends
from minyi.overview import Card
from minyi.periods import Period, PopWindows
from minyi.scope import UNFILLED
from minyi.service_metrics import LOWER_IS_BETTER, PARTS, RATE_LABELS, ServicePolicy

CARD_RATES = ("on_time_rate", "satisfaction_rate", "bad_review_rate", "online_rate")
# The rates a centre can be ranked by (按时办结率 first: what county reports lead with).
RANKED_RATES = ("on_time_rate", "satisfaction_rate", "bad_review_rate", "online_rate", "completion_rate")
LEVELS = ("县级", "乡镇级", "村级")


@dataclass(frozen=True)
class Place:
    """Whose 办件: the whole county, or a township's (its 乡镇 and 村 centres), and a 实施部门's."""

    township: str | None = None
    department: str | None = None

    def label(self) -> str:
        where = self.township or "全县"
        return f"{where}（{self.department}实施）" if self.department else where

    def scope_line(self, period: Period) -> str:
        """A chart subtitle: 2012年1-9月 · 便民服务办件 · {place}."""
        return f"{period.label()} · 便民服务办件 · {self.label()}"

    def params(self) -> dict:
        return {"township": self.township, "department": self.department}


def rates(con: duckdb.DuckDBPyConnection, period: Period, by: str, place: Place, policy: ServicePolicy,
          level: str | None = None) -> pd.DataFrame:
    return service_metrics.rates_by(con, period.start, period.end, by, policy=policy, level=level, **place.params())


def count_periods(con: duckdb.DuckDBPyConnection, period: Period, last_year: Period, windows: PopWindows | None,
                  place: Place) -> None:
    """Count the view's period, its 同比 and its 环比 in one read (memoised), before its cards and
    breakdowns ask for them one at a time."""
    service_metrics.count_periods(con, [period, last_year, *((windows.current, windows.previous) if windows else ())],
                                  **place.params())


def cards(con: duckdb.DuckDBPyConnection, period: Period, last_year: Period, windows: PopWindows | None,
          place: Place, policy: ServicePolicy, pop_baseline: str) -> list[Card]:
    """办件量 and the headline rates of a place, with 同比 and 环比 (a rate's in points; 差评率 is good
    news when it falls) and their 口径 on hover; 无数据 and why for a rate the imported columns
    cannot support."""
    def county(of: Period | None) -> pd.Series | None:
        table = None if of is None else rates(con, of, "county", place, policy)
        return None if table is None or table.empty else table.iloc[0]

    now, then = county(period), county(last_year)
    current, previous = (county(windows.current), county(windows.previous)) if windows else (None, None)
    min_base = config.comparison_min_base()
    pop_label = windows.label if windows else None

    def items(row: pd.Series | None) -> int:
        return 0 if row is None else int(row["items"])

    shown = [Card("办件量", formatting.count(items(now)),
                  formatting.count_change(items(now), items(then), "同比", min_base),
                  formatting.count_change(items(current), items(previous), "环比", min_base, pop_baseline)
                  if windows else None,
                  True, f"{place.label()}{period.label()}受理办件{items(now):,}件。", "按受理时间", pop_label)]
    shown.append(_consultation_card(con, period, last_year, windows, place, pop_baseline))
    unsupported = service_metrics.unsupported(service_metrics.fields_carried(con))
    for rate in CARD_RATES:
        label = RATE_LABELS[rate]
        if rate in unsupported:
            shown.append(Card(label, "无数据", None, None, True, "", unsupported[rate], None))
            continue
        base = PARTS[rate][1]

        def value(row: pd.Series | None):
            return None if row is None else row[rate]

        def based(row: pd.Series | None):
            return None if row is None else row[base]

        yoy = formatting.rate_points_change(value(now), value(then), based(then), "同比", min_base)
        pop = (formatting.rate_points_change(value(current), value(previous), based(previous), "环比", min_base,
                                             pop_baseline) if windows else None)
        count = int(based(now) or 0)
        shown.append(Card(label, formatting.percent(value(now)), yoy, pop, rate not in LOWER_IS_BETTER,
                          f"{place.label()}{label}{formatting.percent(value(now))}（基数{count:,}件）。"
                          f"口径：{policy.describe(rate)}", f"基数{count:,}件", pop_label))
    return shown


# The service figures the 总览 page adds under the cases' when 办件 are loaded, with their names there.
OVERVIEW_CARDS = {"办件量": "便民服务办件", "咨询人次": "咨询人次", "按时办结率": "办件按时办结率", "评议满意率": "办件评议满意率"}


def overview_cards(con: duckdb.DuckDBPyConnection, scope, policy: ServicePolicy | None = None) -> list[Card]:
    """The 总览's 便民服务 cards for the scope's period and place (its source and category do not
    apply to 办件); none when no 办件 are loaded."""
    if not service_metrics.stored_items(con):
        return []
    period, last_year, windows, place = (scope.period, scope.last_year().period, scope.pop_windows(),
                                         Place(scope.township, scope.department))
    count_periods(con, period, last_year, windows, place)
    shown = cards(con, period, last_year, windows, place, policy or ServicePolicy.from_config(), scope.pop_baseline())
    return [replace(card, label=OVERVIEW_CARDS[card.label]) for card in shown if card.label in OVERVIEW_CARDS]


def _consultation_card(con: duckdb.DuckDBPyConnection, period: Period, last_year: Period, windows: PopWindows | None,
                       place: Place, pop_baseline: str) -> Card:
    """咨询人次 of the place's centres with 同比 and 环比; 无数据 when none were imported, or for a
    department (centres are no department's)."""
    if place.department or not service_totals.stored_consultations(con):
        why = "咨询人次按服务中心统计，不分实施部门" if place.department else "未导入咨询人次（服务中心的咨询登记汇总表）"
        return Card("咨询人次", "无数据", None, None, True, "", why, None)

    def visits(of: Period) -> int:
        return service_totals.consultation_total(con, of.start, of.end, place.township)

    now, min_base = visits(period), config.comparison_min_base()
    pop = (formatting.count_change(visits(windows.current), visits(windows.previous), "环比", min_base, pop_baseline)
           if windows else None)
    return Card("咨询人次", formatting.count(now, "人次"), formatting.count_change(now, visits(last_year), "同比", min_base),
                pop, True, f"{place.label()}{period.label()}受理群众咨询{now:,}人次。", "按月报送的计入所在月份",
                windows.label if windows else None)


def consultations_by_centre(con: duckdb.DuckDBPyConnection, period: Period, place: Place) -> pd.DataFrame:
    """Bar rows of the 咨询人次 per centre, most first (ties by name)."""
    table = service_totals.consultations(con, period.start, period.end, "centre", place.township)
    if table is None or table.empty:
        return pd.DataFrame(columns=["label", "value", "text"])
    rows = table.sort_values(["visits", "unit"], ascending=[False, True])
    return pd.DataFrame({"label": rows["unit"], "value": rows["visits"].astype(int),
                         "text": [f"{int(n):,}人次" for n in rows["visits"]]})


def catalogue_bars(con: duckdb.DuckDBPyConnection, level: str | None) -> pd.DataFrame:
    """Bars of the 事项目录 per year (label, value, partial), as time_charts.yearly_bars reads them."""
    years = service_totals.catalogue_years(con, level)
    return pd.DataFrame({"label": [f"{int(year)}年" for year in years["year"]], "value": years["matters"].astype(int),
                         "partial": False})


def ranked(table: pd.DataFrame, rate: str, min_base: int) -> tuple[pd.DataFrame, set]:
    """The centres' bars of a rate, best first (the fewest 差评 first), and the laggards, drawn in red;
    a centre whose rate rests on fewer than `min_base` 办件 (one late 办件 is no laggard), and 办件
    without a centre, are left out."""
    base = PARTS[rate][1]
    counted = table[(table[base] >= min_base) & (table["unit"] != UNFILLED)]
    bars, laggards, _ = timeliness.rate_bars(counted, rate, base, "基数", lower_is_better=rate in LOWER_IS_BETTER)
    return bars, laggards


def by_level(table: pd.DataFrame) -> pd.DataFrame:
    """Bar rows of the 办件 per level (县级, 乡镇级, 村级 first, in that order), with 按时办结率 in the text."""
    order = {level: index for index, level in enumerate(LEVELS)}
    rows = table.assign(order=table["unit"].map(order).fillna(len(LEVELS))).sort_values(["order", "unit"])
    return pd.DataFrame({"label": rows["unit"], "value": rows["items"].astype(int),
                         "text": [f"{int(n):,}件 · 按时办结率{formatting.percent(rate)}"
                                  for n, rate in zip(rows["items"], rows["on_time_rate"])]})


def top_matters(table: pd.DataFrame, count: int = 10) -> pd.DataFrame:
    """Bar rows of the `count` matters with the most 办件 (ties by name), with 按时办结率 in the text."""
    rows = table.sort_values(["items", "unit"], ascending=[False, True]).head(count)
    return pd.DataFrame({"label": rows["unit"], "value": rows["items"].astype(int),
                         "text": [f"{int(n):,}件 · 按时{formatting.percent(rate)}"
                                  for n, rate in zip(rows["items"], rows["on_time_rate"])]})


def items_by_level(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, place: Place) -> pd.DataFrame:
    """办件 per month and level, as time_charts.volume_over_time reads them (bucket, group, value): a
    month without 办件 of a level is 0, up to the 办件 data's last day."""
    table = month_rollups.summed(con, "service/items_by_month", "service/items_by_month_whole_months",
                                 Period(start, end), ["month", "service_level"],
                                 lambda part: {"start": part.start, "end": part.end, **place.params()})
    if table.empty:
        return pd.DataFrame(columns=["bucket", "group", "value"])
    last = min(pd.Timestamp(end), pd.Timestamp(service_metrics.stored_span(con)[2]))
    present = set(table["service_level"])
    order = [level for level in LEVELS if level in present] + sorted(present - set(LEVELS))
    return trends.monthly_groups(table, "service_level", "items", start, last, order)
