"""排名: townships and departments ranked on one composite score, with their rank change.

The composite (0–100) is the weighted mean of four part scores, weights from
`MINYI_RANKING_WEIGHTS`:
- on_time, completion, satisfaction: the rate × 100 (口径 as in minyi.metrics);
- volume: 50 × (1 − 同比 change clipped to ±100%), so fewer cases than last year scores above
  50, the same volume 50, double or more 0; it is left out when last year had fewer than
  `MINYI_COMPARISON_MIN_BASE` cases (4,242 against 3 is no trend), or the period is longer than a
  year (no 同比).
A part a unit has no data for is left out and the other weights scaled up, so a unit without
callbacks is not ranked as if it had 0% satisfaction. Units with fewer than
`MINYI_RANKING_MIN_CASES` cases are not ranked (样本不足), nor is the （未填写） group of cases
without a township or department.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import config, formatting, metrics
from minyi import view_cache
from minyi.scope import UNFILLED, Scope

PARTS = ("on_time", "completion", "satisfaction", "volume")
NOT_RANKED = "样本不足"
PART_LABELS = {"on_time": "按时办结率", "completion": "办结率", "satisfaction": "满意率", "volume": "受理量同比"}


@dataclass(frozen=True)
class RankingRule:
    weights: dict[str, float]
    min_cases: int
    min_base: int = 10  # last year's cases the volume part needs (MINYI_COMPARISON_MIN_BASE)

    @classmethod
    def from_config(cls) -> "RankingRule":
        return cls(config.RANKING_WEIGHTS.weights(PARTS), int(config.RANKING_MIN_CASES.number()),
                   config.comparison_min_base())

    def describe(self) -> str:
        parts = "＋".join(f"{PART_LABELS[name]}×{weight:.0%}" for name, weight in self.weights.items() if weight)
        return (f"综合得分＝{parts}（各项折算为百分制；受理量同比下降得分高于50，持平为50，翻番为0，"
                f"上年同期少于{self.min_base}件的不计此项；缺项按其余权重折算；得分相同名次并列；"
                f"受理少于{self.min_cases}件不参与排名）")


def trustworthy_yoy(table: pd.DataFrame, min_base: int) -> pd.Series:
    """受理量同比 where last year's base is at least `min_base` cases, else None (also when the
    table has no 同比 at all: a period longer than a year)."""
    if "received_yoy" not in table:
        return pd.Series([None] * len(table), index=table.index, dtype=object)
    yoy = table["received_yoy"].astype(object)
    return yoy.where(table["received_last_year"] >= min_base, None)


def part_scores(table: pd.DataFrame) -> pd.DataFrame:
    """Part scores (0–100, None where missing) from a metrics.headline table whose `received_yoy`
    holds only trustworthy changes (see trustworthy_yoy)."""
    def scaled(column: str) -> pd.Series:
        return table[column].map(lambda rate: None if formatting.is_missing(rate) else float(rate) * 100)

    volume = table["received_yoy"].map(
        lambda change: None if formatting.is_missing(change) else 50 * (1 - max(-1.0, min(1.0, float(change)))))
    return pd.DataFrame({"on_time": scaled("on_time_rate"), "completion": scaled("completion_rate"),
                         "satisfaction": scaled("satisfaction_rate"), "volume": volume}, index=table.index)


def composite(scores: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Weighted mean of the parts a unit has; None when it has none."""
    def one(row: pd.Series) -> float | None:
        present = {name: weights[name] for name in PARTS if not formatting.is_missing(row[name]) and weights[name]}
        total = sum(present.values())
        return None if not total else sum(row[name] * weight for name, weight in present.items()) / total
    return scores.apply(one, axis=1)


def _ranked(table: pd.DataFrame, rule: RankingRule) -> pd.DataFrame:
    table = table.assign(received_yoy=trustworthy_yoy(table, rule.min_base))
    scores = part_scores(table)
    table = pd.concat([table[["unit", "received", "received_yoy", "on_time_rate", "completion_rate",
                              "satisfaction_rate"]], scores.add_suffix("_score")], axis=1)
    table["score"] = composite(scores, rule.weights)
    eligible = (table["received"] >= rule.min_cases) & table["score"].notna() & (table["unit"] != UNFILLED)
    # ranked on the score as shown (97.0分), so units that read the same share a rank
    table["rank"] = pd.to_numeric(table["score"]).round(1).where(eligible).rank(ascending=False, method="min")
    return table


@view_cache.memoised
def ranking(con: duckdb.DuckDBPyConnection, scope: Scope, by: str, rule: RankingRule,
            policy: metrics.Policy, with_change: bool = True) -> pd.DataFrame:
    """Every unit with its parts, composite score, rank (1 = best; None when not ranked) and rank
    change against the previous period (`rank_change` > 0: moved up; `change` in words), best first.
    Without `with_change` the previous period is not read (two fewer scans) and `change` is empty;
    a period longer than a year has neither 同比 nor a previous period to compare with."""
    compared = scope.comparable
    table = _ranked(metrics.headline(con, scope, by=by, policy=policy,
                                     comparisons=("last_year",) if compared else ()), rule)
    if with_change and compared:
        previous = _ranked(metrics.headline(con, scope.previous(), by=by, policy=policy), rule)
        table = table.merge(previous[["unit", "rank"]].rename(columns={"rank": "previous_rank"}), on="unit", how="left")
        table["rank_change"] = table["previous_rank"] - table["rank"]
        table["change"] = [rank_change_text(c, p, r) for c, p, r in zip(table["rank_change"], table["previous_rank"],
                                                                        table["rank"])]
        table.loc[table["unit"] == UNFILLED, "change"] = "不参与排名"
    else:
        table["change"] = ""
    return table.sort_values(["rank", "received"], ascending=[True, False], na_position="last", ignore_index=True)


def rank_change_text(change: float | None, previous_rank: float | None, rank: float | None) -> str:
    """↑3 / ↓2 / 持平; 新进 when the unit was not ranked in the previous period, 样本不足 when it
    is not ranked now."""
    if formatting.is_missing(rank):
        return NOT_RANKED
    if formatting.is_missing(previous_rank):
        return "新进"
    if formatting.is_missing(change) or change == 0:
        return "持平"
    return f"↑{int(change)}" if change > 0 else f"↓{int(-change)}"


def red_and_black(table: pd.DataFrame, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """红榜 (the n best ranked units) and 黑榜 (the n worst, worst first), never overlapping.
    Tied units go on a list together or not at all: a tie straddling the n-th place leaves the
    list shorter rather than picking one of equals (so when all tie, both lists are empty)."""
    ranked = table[table["rank"].notna()].sort_values("rank", kind="stable")
    n = min(n, len(ranked) // 2)
    last_place_from_top = ranked["rank"].rank(method="max")
    last_place_from_bottom = (-ranked["rank"]).rank(method="max")
    return ranked[last_place_from_top <= n], ranked[last_place_from_bottom <= n].iloc[::-1]


def score_bars(table: pd.DataFrame) -> pd.DataFrame:
    """Bar rows for charts.ranked_bars: ranked units, best first, score and rank change at the bar end."""
    ranked = table[table["rank"].notna()]
    return pd.DataFrame({"label": ranked["unit"], "value": ranked["score"],
                         "text": [f"{score:.1f}分　{change}".strip() for score, change in zip(ranked["score"],
                                                                                         ranked["change"])]})
