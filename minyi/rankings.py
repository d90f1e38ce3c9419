"""排名: townships and departments ranked on one composite score, with their rank change.

The composite (0–100) is the weighted mean of four part scores, weights from
`MINYI_RANKING_WEIGHTS`:
- on_time, completion, satisfaction: the rate × 100 (口径 as in minyi.metrics);
- volume: 50 × (1 − 同比 change clipped to ±100%), so fewer cases than last year scores above
  50, the same volume 50, double or more 0; without last year's cases it is left out.
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
from minyi.scope import UNFILLED, Scope

PARTS = ("on_time", "completion", "satisfaction", "volume")
NOT_RANKED = "样本不足"
PART_LABELS = {"on_time": "按时办结率", "completion": "办结率", "satisfaction": "满意率", "volume": "受理量同比"}


@dataclass(frozen=True)
class RankingRule:
    weights: dict[str, float]
    min_cases: int

    @classmethod
    def from_config(cls) -> "RankingRule":
        return cls(config.RANKING_WEIGHTS.weights(PARTS), int(config.RANKING_MIN_CASES.number()))

    def describe(self) -> str:
        parts = "＋".join(f"{PART_LABELS[name]}×{weight:.0%}" for name, weight in self.weights.items() if weight)
        return (f"综合得分＝{parts}（各项折算为百分制；受理量同比下降得分高于50，持平为50，翻番为0；"
                f"缺项按其余权重折算；受理少于{self.min_cases}件不参与排名）")


def part_scores(table: pd.DataFrame) -> pd.DataFrame:
    """Part scores (0–100, None where missing) from a metrics.headline table with 同比."""
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
    scores = part_scores(table)
    table = pd.concat([table[["unit", "received", "received_yoy", "on_time_rate", "completion_rate",
                              "satisfaction_rate"]], scores.add_suffix("_score")], axis=1)
    table["score"] = composite(scores, rule.weights)
    eligible = (table["received"] >= rule.min_cases) & table["score"].notna() & (table["unit"] != UNFILLED)
    table["rank"] = table["score"].where(eligible).rank(ascending=False, method="min")
    return table


def ranking(con: duckdb.DuckDBPyConnection, scope: Scope, by: str, rule: RankingRule,
            policy: metrics.Policy, with_change: bool = True) -> pd.DataFrame:
    """Every unit with its parts, composite score, rank (1 = best; None when not ranked) and rank
    change against the previous period (`rank_change` > 0: moved up; `change` in words), best first.
    Without `with_change` the previous period is not read (two fewer scans) and `change` is empty."""
    table = _ranked(metrics.headline(con, scope, by=by, policy=policy), rule)
    if with_change:
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
    """红榜 (the n best ranked units) and 黑榜 (the n worst, worst first), never overlapping."""
    ranked = table[table["rank"].notna()]
    n = min(n, len(ranked) // 2)
    return ranked.head(n), ranked.tail(n).iloc[::-1]


def score_bars(table: pd.DataFrame) -> pd.DataFrame:
    """Bar rows for charts.ranked_bars: ranked units, best first, score and rank change at the bar end."""
    ranked = table[table["rank"].notna()]
    return pd.DataFrame({"label": ranked["unit"], "value": ranked["score"],
                         "text": [f"{score:.1f}分　{change}".strip() for score, change in zip(ranked["score"],
                                                                                         ranked["change"])]})
