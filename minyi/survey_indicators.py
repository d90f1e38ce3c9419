"""民意调查 indicators beyond satisfaction (篇七: "重点围绕群众满意率、信任率、见警率以及安全感"): each
a survey item, read from the survey data by its name, and a rate of the answers that say yes.

No official formula was found (definitions.md §5), so each indicator's 口径 is stated in words:
the positive answers over the answers that take a side, "不清楚" and the like left out. An item
counts for an indicator when its name says so (安全感, 见警率, 对公安机关的信任度, 群众满意度);
the 满意度测评's own items (服务态度, 办事效率, ...) are not 民意调查 items and stay in its score.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from minyi import formatting
from minyi.scope import UNFILLED

UNSURE = frozenset({"不清楚", "说不清", "说不清楚", "不了解", "不知道", "无法回答"})


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    words: tuple[str, ...]      # an item whose name holds one of these is this indicator's
    positive: frozenset[str]
    negative: frozenset[str]

    def formula(self, basic_weight: float = 1.0) -> str:
        answers = [f"{basic_weight:g}×{answer}" if answer == "基本满意" and self.key == "satisfaction" and basic_weight != 1
                   else answer for answer in sorted(self.positive, key=_scale_order)]
        return f"{self.label}=（{'+'.join(answers)}）÷作出回答的人数"

    def caliber(self, basic_weight: float = 1.0) -> str:
        return f"{self.formula(basic_weight)}（{UNSURE_WORDS}）"


UNSURE_WORDS = "回答“不清楚”“说不清”等的不计入"


def _scale_order(answer: str) -> int:
    return ORDER.index(answer) if answer in ORDER else len(ORDER)


ORDER = ("非常满意", "满意", "比较满意", "较满意", "基本满意", "非常信任", "信任", "比较信任", "基本信任", "经常见到",
         "有时见到", "偶尔见到", "很少见到", "见到过", "见过", "很安全", "非常安全", "安全", "比较安全", "基本安全")

INDICATORS = (
    Indicator("satisfaction", "满意率", ("满意",),
              frozenset({"非常满意", "满意", "比较满意", "较满意", "基本满意"}),
              frozenset({"一般", "不太满意", "不满意", "很不满意", "非常不满意"})),
    Indicator("trust", "信任率", ("信任",),
              frozenset({"非常信任", "信任", "比较信任", "基本信任"}), frozenset({"一般", "不太信任", "不信任", "很不信任"})),
    Indicator("police_seen", "见警率", ("见警", "见到警", "见过警", "见到民警"),
              frozenset({"经常见到", "有时见到", "偶尔见到", "很少见到", "见到过", "见过"}),
              frozenset({"从未见到", "从来没有见到", "没有见到", "没见过", "未见过", "从未见过"})),
    Indicator("safety", "安全感", ("安全",),
              frozenset({"很安全", "非常安全", "安全", "比较安全", "基本安全"}),
              frozenset({"一般", "不太安全", "不安全", "很不安全", "非常不安全"})),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


def indicator_of(item: str) -> Indicator | None:
    """The indicator a survey item measures, by its name (安全感 before 满意: 安全感满意度 is safety)."""
    for indicator in (BY_KEY["safety"], BY_KEY["police_seen"], BY_KEY["trust"], BY_KEY["satisfaction"]):
        if any(word in item for word in indicator.words) and item not in ("总体评价",):
            return indicator
    return None


def rates(votes: pd.DataFrame, by: str = "township", basic_weight: float = 1.0) -> pd.DataFrame:
    """Per unit of `by` (township or department, from minyi.satisfaction.survey_votes rows) and
    indicator: positive answers, answers taking a side (`answered`), and the rate (None when none
    answered). 基本满意 counts `basic_weight` of a 满意 in the 满意率, as the cases' 满意率 does
    (MINYI_BASIC_SATISFIED_WEIGHT). Items that measure no indicator are left out; so is the
    （未填写） unit."""
    rows = []
    named = votes.assign(indicator=[getattr(indicator_of(item), "key", "") for item in votes["item"]])
    for (unit, key), group in named[named["indicator"] != ""].groupby([by, "indicator"], sort=True):
        if unit == UNFILLED:
            continue
        indicator = BY_KEY[key]
        answers = group.groupby("answer")["votes"].sum()
        positive = float(sum(answers.get(answer, 0) * _weight(indicator, answer, basic_weight)
                             for answer in indicator.positive))
        answered = int(sum(answers.get(answer, 0) for answer in (*indicator.positive, *indicator.negative)))
        rows.append({"unit": unit, "indicator": key, "positive": positive, "answered": answered,
                     "rate": positive / answered if answered else None})
    return pd.DataFrame(rows, columns=["unit", "indicator", "positive", "answered", "rate"])



def _weight(indicator: Indicator, answer: str, basic_weight: float) -> float:
    return basic_weight if indicator.key == "satisfaction" and answer == "基本满意" else 1.0


def wide(table: pd.DataFrame) -> pd.DataFrame:
    """rates() as one row per unit: each indicator's rate and its `*_answered`, for the page."""
    if table.empty:
        return pd.DataFrame(columns=["unit"])
    rate = table.pivot(index="unit", columns="indicator", values="rate")
    answered = table.pivot(index="unit", columns="indicator", values="answered").add_suffix("_answered")
    shown = pd.concat([rate, answered], axis=1).rename_axis(columns=None).reset_index()
    keys = [indicator.key for indicator in INDICATORS if indicator.key in rate.columns]
    return shown[["unit", *(column for key in keys for column in (key, f"{key}_answered"))]].astype(
        {key: object for key in keys}).map(lambda value: None if formatting.is_missing(value) else value)
