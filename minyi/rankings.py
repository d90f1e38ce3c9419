"""排名: townships and departments ranked on one composite score, with their rank change.

The composite (0–100) is the weighted mean of four part scores, weights from
`MINYI_RANKING_WEIGHTS`:
- on_time, completion, satisfaction: the rate × 100 (口径 as in minyi.metrics);
- volume: 50 × (1 − 同比 change clipped to ±100%), so fewer cases than last year scores above
  50, the same volume 50, double or more 0; it is left out when last year had fewer than
  `MINYI_COMPARISON_MIN_BASE` cases (4,242 against 3 is no trend), or the period is longer than a
  year (no 同比).
- grid, service (weight 0 unless set): the unit's 网格 按期结案率 (townships only) and its 便民服务 按时办结率
  × 100, when those sources are loaded (minyi.grid_metrics, minyi.service_metrics).
A part a unit has no data for is left out and the other weights scaled up, so a unit without
callbacks is not ranked as if it had 0% satisfaction. Units with fewer than
`MINYI_RANKING_MIN_CASES` cases are not ranked (样本不足), nor are units none of whose parts has
data (无可计分指标), nor the （未填写） group of cases without a township or department.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from minyi import charts, config, formatting, metrics, takeaways, view_cache
from minyi.scope import UNFILLED, Scope

PARTS = ("on_time", "completion", "satisfaction", "volume", "grid", "service")
NOT_RANKED = "样本不足"
NOT_SCORED = "无可计分指标"  # enough cases, but no part of the score has data
PART_LABELS = {"on_time": "按时办结率", "completion": "办结率", "satisfaction": "满意率", "volume": "受理量同比",
               "grid": "网格按期结案率", "service": "便民服务按时办结率"}
# The rate of another source each of those parts reads, per unit (None: the unit kind has none).
OTHER_SOURCE_RATES = {"grid": "grid_rate", "service": "service_rate"}


@dataclass(frozen=True)
class RankingRule:
    weights: dict[str, float]
    min_cases: int
    min_base: int = 10  # last year's cases the volume part needs (MINYI_COMPARISON_MIN_BASE)
    min_move_points: float = 1.0  # a smaller score change reads 持平 (MINYI_RANK_CHANGE_MIN_POINTS)

    @classmethod
    def from_config(cls) -> "RankingRule":
        return cls(config.RANKING_WEIGHTS.weights(PARTS), int(config.RANKING_MIN_CASES.number()),
                   config.comparison_min_base(), config.RANK_CHANGE_MIN_POINTS.number())

    def describe(self) -> str:
        parts = "＋".join(f"{PART_LABELS[name]}×{weight:.0%}" for name, weight in self.weights.items() if weight)
        return (f"综合得分＝{parts}（各项折算为百分制；受理量同比下降得分高于50，持平为50，翻番为0，"
                f"上年同期少于{self.min_base}件的不计此项；缺项按其余权重折算；得分相同名次并列；"
                f"受理少于{self.min_cases}件或无可计分指标的不参与排名）")


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
    others = {part: scaled(column) if column in table else pd.Series([None] * len(table), index=table.index, dtype=object)
              for part, column in OTHER_SOURCE_RATES.items()}
    return pd.DataFrame({"on_time": scaled("on_time_rate"), "completion": scaled("completion_rate"),
                         "satisfaction": scaled("satisfaction_rate"), "volume": volume, **others}, index=table.index)


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
    rates = ["on_time_rate", "completion_rate", "satisfaction_rate", *(c for c in OTHER_SOURCE_RATES.values() if c in table)]
    table = pd.concat([table[["unit", "received", "received_yoy", *rates]], scores.add_suffix("_score")], axis=1)
    table["score"] = composite(scores, rule.weights)
    eligible = (table["received"] >= rule.min_cases) & table["score"].notna() & (table["unit"] != UNFILLED)
    # ranked on the score as shown (97.0分), so units that read the same share a rank
    table["rank"] = pd.to_numeric(table["score"]).round(1).where(eligible).rank(ascending=False, method="min")
    return table


@view_cache.memoised
def ranking(con: duckdb.DuckDBPyConnection, scope: Scope, by: str, rule: RankingRule,
            policy: metrics.Policy, with_change: bool = True) -> pd.DataFrame:
    """Every unit with its parts, composite score, rank (1 = best; None when not ranked) and rank
    change against the baseline ranking (scope.rank_baseline: the previous month or quarter, for
    1–N月 the ranking of 1–(N−1)月; `rank_change` > 0: moved up; `change` in words), best first.
    A unit whose score moved less than `rule.min_move_points` reads 持平 (`rank_change` 0).
    Without `with_change` the baseline is not read (two fewer scans) and `change` is empty, as for
    年, 自定义 and a period longer than a year (no baseline to compare with)."""
    compared = scope.comparable
    table = _ranked(_with_other_sources(con, scope, by, rule, metrics.headline(
        con, scope, by=by, policy=policy, comparisons=("last_year",) if compared else ())), rule)
    baseline = scope.rank_baseline() if compared else None
    if with_change and baseline is not None:
        previous = _ranked(_with_other_sources(con, baseline, by, rule, metrics.headline(con, baseline, by=by,
                                                                                          policy=policy)), rule)
        table = table.merge(previous[["unit", "rank", "score"]].rename(
            columns={"rank": "previous_rank", "score": "previous_score"}), on="unit", how="left")
        table["rank_change"] = [rank_move(r, p, s, ps, rule.min_move_points) for r, p, s, ps in zip(
            table["rank"], table["previous_rank"], table["score"], table["previous_score"])]
        table["change"] = [rank_change_text(c, p, r) for c, p, r in zip(table["rank_change"], table["previous_rank"],
                                                                        table["rank"])]
        table.loc[takeaways.unscored(table, rule.min_cases), "change"] = NOT_SCORED
        table.loc[table["unit"] == UNFILLED, "change"] = "不参与排名"
    else:
        table["change"] = ""
    return table.sort_values(["rank", "received"], ascending=[True, False], na_position="last", ignore_index=True)


def _with_other_sources(con: duckdb.DuckDBPyConnection, scope: Scope, by: str, rule: RankingRule,
                        table: pd.DataFrame) -> pd.DataFrame:
    """The headline table with each unit's 网格 按期结案率 (`grid_rate`; townships) and 便民服务 按时办结率
    (`service_rate`) when their parts weigh anything and those sources are loaded."""
    from minyi import grid_metrics, service_metrics  # the ranking of cases alone never loads them

    if by not in ("township", "department"):
        return table
    rates = []
    if rule.weights.get("grid") and by == "township" and grid_metrics.stored_events(con):
        grid = grid_metrics.rates_by(con, scope.period.start, scope.period.end, "township", township=scope.township,
                                     department=scope.department)
        rates.append(pd.DataFrame({"unit": grid["township"], "grid_rate": grid["closed_on_time_rate"]}))
    if rule.weights.get("service") and service_metrics.stored_items(con):
        service = service_metrics.rates_by(con, scope.period.start, scope.period.end, by,
                                           township=scope.township, department=scope.department)
        rates.append(pd.DataFrame({"unit": service["unit"], "service_rate": service["on_time_rate"]}))
    for rate in rates:
        table = table.merge(rate.dropna(subset=["unit"]), on="unit", how="left")
    return table


NO_BASELINE_KINDS = {"year": "按年度排名（上年即上年同期，见受理同比）", "custom": "自定义期间无环比期间"}


def change_note(scope: Scope, rule: RankingRule, comparison_note: str) -> str:
    """What 名次变化 compares, for the page header: 名次变化与2012年1-8月排名相比（得分变动不足1.0分的记为持平）,
    or why there is none."""
    baseline = scope.rank_baseline() if scope.comparable else None
    if baseline is None:
        reason = comparison_note if not scope.comparable else NO_BASELINE_KINDS.get(scope.period_kind, "")
        return f"{reason}，不比较名次变化"
    return f"名次变化与{baseline.period.label()}排名相比（得分变动不足{rule.min_move_points:g}分的记为持平）"


def rank_move(rank, previous_rank, score, previous_score, min_points: float) -> float | None:
    """Places moved up (negative: down) since the baseline; 0 when the score moved by less than
    `min_points` (near-tied units swap places by chance); None when either rank is missing."""
    if formatting.is_missing(rank) or formatting.is_missing(previous_rank):
        return None
    if round(abs(round(float(score), 1) - round(float(previous_score), 1)), 1) < min_points:  # as shown: 97.0分
        return 0.0
    return float(previous_rank - rank)


def rank_change_text(change: float | None, previous_rank: float | None, rank: float | None) -> str:
    """↑3 / ↓2 / 持平; 新进 when the unit was not ranked in the previous period, 样本不足 when it
    is not ranked now (ranking() then says 无可计分指标 for a unit with enough cases but no score)."""
    if formatting.is_missing(rank):
        return NOT_RANKED
    if formatting.is_missing(previous_rank):
        return "新进"
    if formatting.is_missing(change) or change == 0:
        return "持平"
    return f"↑{int(change)}" if change > 0 else f"↓{int(-change)}"


def list_size() -> int:
    """How many units a 红榜 and a 黑榜 hold (MINYI_RANKING_LIST_SIZE), before ties."""
    return int(config.RANKING_LIST_SIZE.number(minimum=1))


def ends(values: pd.Series, n: int | None = None) -> tuple[pd.Series, pd.Series]:
    """The one rule for who heads and who closes a ranked list (higher value is better; pass
    the values as shown, 95.0%, 93.8分): the first and the last n, n = MINYI_RANKING_LIST_SIZE,
    at most half the list. A unit tied with the n-th goes on the list too, so a tie at the
    boundary lengthens it (并列第14位: both are named) rather than picking one of equals; a tie
    across the middle of a short list puts its units on neither. Returns two boolean masks
    (top, bottom) over `values`."""
    n = min(n or list_size(), len(values) // 2)
    numbers = pd.Series(values.to_numpy(dtype=float), index=values.index)
    better = numbers.rank(ascending=False, method="min") - 1   # units strictly better than this one
    worse = numbers.rank(ascending=True, method="min") - 1     # units strictly worse
    top, bottom = (better < n) & (n > 0), (worse < n) & (n > 0)
    return top & ~bottom, bottom & ~top


def red_and_black(table: pd.DataFrame, n: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """红榜 (the best ranked units) and 黑榜 (the worst, worst first) by `ends`, never overlapping."""
    ranked = table[table["rank"].notna()].sort_values("rank", kind="stable")
    top, bottom = ends(-ranked["rank"].astype(float), n)
    return ranked[top], ranked[bottom].iloc[::-1]


def laggards(labels: pd.Series, values: pd.Series, n: int | None = None) -> set:
    """The units a rate or score chart marks at its bottom, by `ends` (values rounded as shown)."""
    _, bottom = ends(pd.Series(values.to_numpy(dtype=float)), n)
    return set(pd.Series(labels.to_numpy())[bottom.to_numpy()])


def _tie_note(rows: pd.DataFrame, n: int, listed: str, places: pd.Series) -> str:
    """并列第14位的丙镇、丁镇均列入黑榜: said when a tie made the list longer than n."""
    if len(rows) <= n:
        return ""
    boundary = places.loc[rows.index].max() if listed == "红榜" else places.loc[rows.index].min()
    tied = rows[places.loc[rows.index] == boundary]
    return f"并列第{int(boundary)}位的{'、'.join(sorted(tied['unit']))}均列入{listed}"


def list_marks(table: pd.DataFrame, n: int | None = None) -> tuple[dict[str, str], str]:
    """What every ranking chart (overview, 排名 page, briefing) marks and says: the colour of each
    红榜 (red) and 黑榜 (dark grey) unit, by label, and the footnote line naming the lists and any
    tie that lengthened them. `table`: rankings.ranking."""
    n = n or list_size()
    best, worst = red_and_black(table, n)
    colors = {**{unit: charts.RED for unit in best["unit"]}, **{unit: charts.INK for unit in worst["unit"]}}
    if best.empty and worst.empty:
        return colors, ""
    notes = [f"红色为红榜（前{n}名），深灰色为黑榜（后{n}名）",
             _tie_note(best, n, "红榜", best["rank"]), _tie_note(worst, n, "黑榜", worst["rank"])]
    return colors, "，".join(filter(None, notes))


def laggard_note(marked: set, n: int | None = None) -> str:
    """The footnote line of a rate chart's marked units: 深灰色为后3位 (后4位，含并列) when a tie
    lengthened the list."""
    n = n or list_size()
    if not marked:
        return ""
    return f"深灰色为后{n}位" + (f"（含并列共{len(marked)}个）" if len(marked) > n else "")


def score_bars(table: pd.DataFrame) -> pd.DataFrame:
    """Bar rows for charts.ranked_bars: ranked units, best first, score and rank change at the bar end."""
    ranked = table[table["rank"].notna()]
    return pd.DataFrame({"label": ranked["unit"], "value": ranked["score"],
                         "text": [f"{score:.1f}分　{change}".strip() for score, change in zip(ranked["score"],
                                                                                         ranked["change"])]})


UNIT_KINDS = {"township": "乡镇（街道）", "department": "承办部门"}  # what a ranking ranks
STANDING_UNITS = {"township": "乡镇", "department": "部门"}  # 列全县16个乡镇第16位


def standings(con: duckdb.DuckDBPyConnection, scope: Scope, rule: RankingRule, policy: metrics.Policy) -> list[str]:
    """For a view filtered to a township or department: its place among all of them, as sentences
    (河口镇综合排名列全县16个乡镇第16位（13.2分）。), from the ranking of the same period and
    source without the unit filters (never a ranking of one unit, or of townships within one
    department). Empty without such a filter."""
    whole = replace(scope, township=None, department=None, category=None)
    return [takeaways.standing_sentence(getattr(scope, by), ranking(con, whole, by, rule, policy, with_change=False),
                                       STANDING_UNITS[by], rule.min_cases)
            for by in ("township", "department") if getattr(scope, by)]


def ranked_scope(scope: Scope, by: str) -> Scope:
    """What the 排名 page ranks `by` on: the view without its filter of that dimension, so a chosen
    township is placed among all townships (never a one-bar ranking); the other filters stay (with
    河口镇 chosen, departments are ranked on 河口镇's cases, as the page always did)."""
    return replace(scope, **{by: None})


def chosen_marks(scope: Scope, by: str, marks: dict[str, str], lists: str) -> tuple[dict[str, str], str]:
    """list_marks with the unit the filter chose (scope's `by`) named in the footnote: filled in
    charts.CHOSEN when it is on neither list, else left in its list's colour (ranked_bars frames it
    in CHOSEN either way), so a chosen township on the 黑榜 still reads as on the 黑榜."""
    chosen = getattr(scope, by)
    if not chosen:
        return marks, lists
    if chosen in marks:
        listed = "红榜" if marks[chosen] == charts.RED else "黑榜"
        return marks, "，".join(filter(None, (lists, f"紫框为所选{STANDING_UNITS[by]}：{chosen}（列{listed}）")))
    return {**marks, chosen: charts.CHOSEN}, "，".join(filter(None, (lists, f"紫色为所选{STANDING_UNITS[by]}：{chosen}")))


def place_sentence(scope: Scope, by: str, table: pd.DataFrame, rule: RankingRule) -> str:
    """The chosen unit's place above the 排名 page's chart, in the overview's words
    (回隆乡综合排名列全县2个乡镇第2位（13.2分）。), from the page's own ranking `table` (of
    ranked_scope); when other filters narrow that ranking, it says on which cases. Empty
    without a filter of `by`."""
    chosen = getattr(scope, by)
    if not chosen:
        return ""
    sentence = takeaways.standing_sentence(chosen, table, STANDING_UNITS[by], rule.min_cases)
    narrowed = [f"{scope.township}的" if by != "township" and scope.township else "",
                f"{scope.department}承办的" if by != "department" and scope.department else "",
                (scope.category if scope.category.endswith("类") else f"{scope.category}类") if scope.category else ""]
    return sentence.removesuffix("。") + f"（按{''.join(narrowed)}事项排名）。" if any(narrowed) else sentence
