"""How a rate or a 民意测评 vote becomes points: declared in the rule file, never coded per item.

Rates are fractions (0.925 = 92.5%); the rule file writes thresholds in percent (target = 99).
Every rule gives at most the item's points and never less than 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

KINDS = {
    "proportional": "得分＝分值×比率",
    "linear": "比率在两个阈值之间按比例得分",
    "target": "达到目标值得满分，每低1个百分点扣规定分值",
    "rank": "按名次计分",
}
KEYS = {"proportional": set(), "linear": {"zero", "full"}, "target": {"target", "deduct"}, "rank": {"last"}}


@dataclass(frozen=True)
class Scoring:
    kind: str
    zero: float | None = None     # linear: the rate (%) at which the item scores 0
    full: float | None = None     # linear: the rate (%) at which it scores full marks
    target: float | None = None   # target: full marks at or beyond it (%)
    deduct: float | None = None   # target: points off per percentage point short of it
    last: float = 0.0             # rank: the share of the points the last place gets

    @classmethod
    def from_rule(cls, value) -> Scoring:
        """From the rule file's `score`: "proportional", "rank", or a table such as
        { kind = "target", target = 99, deduct = 0.5 }. ValueError (in Chinese) when invalid."""
        table = {"kind": value} if isinstance(value, str) else value
        if not isinstance(table, dict) or table.get("kind") not in KINDS:
            raise ValueError(f"kind 须为 {'、'.join(KINDS)} 之一")
        kind = table["kind"]
        extra = set(table) - {"kind"} - KEYS[kind]
        missing = KEYS[kind] - set(table) - ({"last"} if kind == "rank" else set())
        if extra or missing:
            raise ValueError(f"{kind} 须写 {'、'.join(sorted(KEYS[kind])) or '（无其他设置）'}"
                             + (f"，不能写 {'、'.join(sorted(extra))}" if extra else ""))
        numbers = {key: table[key] for key in KEYS[kind] & set(table)}
        for key, number in numbers.items():
            if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
                raise ValueError(f"{key} 须为数，现为“{number}”")
        scoring = cls(kind, **{key: float(number) for key, number in numbers.items()})
        scoring._check()
        return scoring

    def _check(self) -> None:
        if self.kind == "linear" and (self.zero == self.full or not all(0 <= x <= 100 for x in (self.zero, self.full))):
            raise ValueError("linear 的 zero 与 full 须为 0–100 之间两个不同的百分数")
        if self.kind == "target" and not (0 <= self.target <= 100 and self.deduct > 0):
            raise ValueError("target 须在 0–100 之间，deduct（每低1个百分点扣分）须大于0")
        if self.kind == "rank" and not 0 <= self.last <= 1:
            raise ValueError("last（末名得分占分值的比例）须在 0–1 之间")

    def describe(self, lower_is_better: bool = False) -> str:
        """The rule in words, as the 考核 page and 考核表 print it."""
        if self.kind == "proportional":
            return "得分＝分值×(1−比率)" if lower_is_better else "得分＝分值×比率"
        if self.kind == "linear":
            return f"比率{self.zero:g}%得0分、{self.full:g}%得满分，其间按比例"
        if self.kind == "target":
            if lower_is_better:
                return f"不高于{self.target:g}%得满分，每高1个百分点扣{self.deduct:g}分，扣完为止"
            return f"达到{self.target:g}%得满分，每低1个百分点扣{self.deduct:g}分，扣完为止"
        return f"按名次计分：第1名满分，末名得{self.last:.0%}，其间按名次等差（并列取较好名次）"

    def points(self, rate: float, full_points: float, lower_is_better: bool = False, rank: int | None = None,
               ranked: int | None = None) -> float:
        """The points of one unit's rate; `rank` (1 = best) among `ranked` units for kind rank."""
        if self.kind == "proportional":
            share = 1 - rate if lower_is_better else rate
        elif self.kind == "linear":
            share = (rate * 100 - self.zero) / (self.full - self.zero)
        elif self.kind == "target":
            short = (rate * 100 - self.target) if lower_is_better else (self.target - rate * 100)
            return max(0.0, full_points - self.deduct * max(0.0, short))
        else:
            share = 1.0 if not ranked or ranked == 1 else 1 - (rank - 1) / (ranked - 1) * (1 - self.last)
        return full_points * min(1.0, max(0.0, share))


def ranks(rates: pd.Series, lower_is_better: bool = False) -> pd.Series:
    """Each unit's place on its rate as shown (two decimals of a percent), ties sharing the
    better place; None for a unit without a rate."""
    shown = pd.to_numeric(rates, errors="coerce").round(4)
    return shown.rank(ascending=lower_is_better, method="min")


def vote_points(counts: dict[str, int], levels: tuple[tuple[str, float], ...], full_points: float) -> float:
    """按得票数比例计分: the votes' mean score per vote, scaled so that all votes in the best level
    give the item's points (满意5、一般满意4、不满意3 on a 5-point item: the mean itself)."""
    scores = dict(levels)
    voters = sum(counts.values())
    mean = sum(scores[level] * count for level, count in counts.items()) / voters
    return full_points * mean / max(scores.values())
