"""The sentences that go with the charts and the 主要特点 of a briefing: which units lead and lag a
ranking or a rate, how categories moved, what the monthly trend shows, and a unit's standing in
the county. Every template is in TAKEAWAYS; the 基本情况 sentences are minyi.briefing's.

Like them, they stay grammatical whatever the numbers do: ties are named together (并列), a list
too long to name says 等N个单位, and a chart without data says so.
"""

from __future__ import annotations

import pandas as pd

from minyi import config, formatting, metrics
from minyi.briefing import changes_clause, count_change, listed_names, prose_count
from minyi.periods import NO_POP_BASELINE, Period, prose_label
from minyi.scope import UNFILLED

# A category counts as notably rising when it grew by at least this share and this many cases
# on the same period last year; at most NOTABLE_LISTED are named, largest increase first.
NOTABLE_RISE = 0.20
NOTABLE_MIN_INCREASE = 10
NOTABLE_LISTED = 3


TAKEAWAYS = {
    "units_best_worst": "{units}中，综合得分最高的是{best}，最低的是{worst}。",
    "units_single": "{units}中，参与排名的仅{best}（{best_score}）。",
    "units_tied": "{units}中，参与排名的{count}个单位综合得分均为{best_score}。",
    "named_one": "{name}（{value}{extra}）",
    "named_tied": "{names}（并列，均为{value}）",
    "units_none": "{units}受理件数均少于{min_cases}件，本期不作排名。",
    "units_none_unscored": "{units}受理少于{min_cases}件或无可计分的指标（办结、回访等均无数据），本期均不作排名。",
    "standing": "{subject}综合排名列全县{count}个{units}{tied}第{rank}位（{score}）。",
    "standing_not_ranked": "{subject}受理少于{min_cases}件，未参与全县{units}综合排名。",
    "standing_unscored": "{subject}本期受理{received}，但无可计分的指标（办结、回访等均无数据），未参与全县{units}综合排名。",
    "standing_none": "全县{units}本期均未达到排名条件，{subject}未排名。",
    "categories_rising": "同比上升较多的问题类别：{items}。",
    "category_rising_item": "{name}（{count}，{change}）",
    "category_new_item": "{name}（{count}，上年同期无此类）",
    "categories_steady": "各问题类别受理量同比均无明显上升。",
    "categories_no_baseline": "上年同期无可比数据，未比较各问题类别的变化。",
    "trend_takeaway": "{period}共受理{count}{changes}；受理最多的是{peak_month}（{peak_count}）。",
    "trend_takeaway_tied": "{period}共受理{count}{changes}；受理最多的是{peak_month}（均为{peak_count}）。",
    "rate_takeaway": "{what}最低的是{worst}，最高的是{best}。",
    "rate_takeaway_tied": "参与比较的{count}个单位{what}均为{rate}。",
    "rate_takeaway_single": "{what}：{best}为{best_rate}（{denominator}）。",
    "rate_takeaway_small": "各单位{denominator}件数均少于{min_cases}件，{what}不作高低比较。",
    "share_takeaway": "受理最多的是{top}{share}；{rising}",
    "share_takeaway_only": "受理最多的是{top}{share}。",
    "share_one": "，占{share}",
    "share_tied": "（并列，各占{share}）",
    "share_rising": "同比增加最多的是“{name}”（{count}，{change}）。",
    "share_new": "新出现“{name}”类问题{count}。",
    "share_none_rising": "各类别同比均无明显上升。",
    "share_no_baseline": "上年同期无可比数据。",
    "nothing_to_chart": "本期无可绘制的数据。",
    # the trend as a 主要特点 (trend_feature)
    "trend_feature": "从月度走势看，{parts}。",
    "months_above": "{months}个月中有{above}个月受理量高于上年同月",
    "all_above": "{months}个月受理量均高于上年同月",
    "none_above": "{months}个月受理量均不高于上年同月",
    "busiest": "{months}受理最多（{count}）",
    "busiest_tied": "{months}受理最多（均为{count}）",
}


def points_text(score: float) -> str:
    return f"{score:.1f}分"


NAMED_TIED = 3  # tied units named before 等N个单位


def _named(names: list[str], value: str, extra: str = "") -> str:
    """One unit with its value (县住建局（0.0%，应办结15件）), or tied units together:
    A、B（并列，均为95.0%）, more than NAMED_TIED as A、B、C等5个单位."""
    if len(names) == 1:
        return TAKEAWAYS["named_one"].format(name=names[0], value=value, extra=extra)
    listed = "、".join(names[:NAMED_TIED]) + (f"等{len(names)}个单位" if len(names) > NAMED_TIED else "")
    return TAKEAWAYS["named_tied"].format(names=listed, value=value)


def best_and_worst(ranked: pd.DataFrame, units: str, min_cases: int) -> str:
    """综合得分最高/最低 among ranked units, tied units named together; no highest or lowest when
    all tie. `ranked`: rankings.ranking (unit, score, rank; rank None for units not ranked, tied
    units sharing a rank), in any order."""
    not_scored = unscored(ranked, min_cases)
    ranked = ranked[ranked["rank"].notna()].sort_values(["rank", "unit"])
    if ranked.empty:
        return TAKEAWAYS["units_none_unscored" if not_scored.any() else "units_none"].format(units=units,
                                                                                            min_cases=min_cases)
    best, worst = ranked.iloc[0], ranked.iloc[-1]
    if len(ranked) == 1:
        return TAKEAWAYS["units_single"].format(units=units, best=best["unit"], best_score=points_text(best["score"]))
    if best["rank"] == worst["rank"]:
        return TAKEAWAYS["units_tied"].format(units=units, count=len(ranked), best_score=points_text(best["score"]))
    top = list(ranked.loc[ranked["rank"] == best["rank"], "unit"])
    bottom = list(ranked.loc[ranked["rank"] == worst["rank"], "unit"])
    return TAKEAWAYS["units_best_worst"].format(units=units, best=_named(top, points_text(best["score"])),
                                                worst=_named(bottom, points_text(worst["score"])))


def unscored(ranked: pd.DataFrame, min_cases: int) -> pd.Series:
    """Units with enough cases but no composite score (no part had data: no closures, no callbacks,
    no trustworthy 同比), so not ranked for a reason other than too few cases; never （未填写）,
    which is not ranked at all."""
    if "received" not in ranked:
        return pd.Series(False, index=ranked.index)
    return (ranked["received"] >= min_cases) & ranked["score"].isna() & (ranked["unit"] != UNFILLED)


def standing_sentence(subject: str, ranked: pd.DataFrame, units: str, min_cases: int) -> str:
    """河口镇综合排名列全县16个乡镇第16位（13.2分）。 — one unit's place in the whole county's
    ranking (`ranked`: rankings.ranking of every unit, unfiltered); 并列第3位 when tied; not ranked
    (too few cases) said as such."""
    places = ranked[ranked["rank"].notna()]
    own = ranked[ranked["unit"] == subject]
    if places.empty:
        return TAKEAWAYS["standing_none"].format(units=units, subject=subject)
    if not own.empty and unscored(own, min_cases).iloc[0]:
        return TAKEAWAYS["standing_unscored"].format(subject=subject, units=units,
                                                     received=prose_count(own.iloc[0]["received"]))
    if own.empty or formatting.is_missing(own.iloc[0]["rank"]):
        return TAKEAWAYS["standing_not_ranked"].format(subject=subject, units=units, min_cases=min_cases)
    rank = own.iloc[0]["rank"]
    return TAKEAWAYS["standing"].format(subject=subject, count=len(places), units=units, rank=int(rank),
                                        tied="并列" if (places["rank"] == rank).sum() > 1 else "",
                                        score=points_text(own.iloc[0]["score"]))


def notable_rises(categories: pd.DataFrame) -> pd.DataFrame:
    """Categories that rose notably on last year (see NOTABLE_RISE), largest increase first;
    a category new this year counts when it has NOTABLE_MIN_INCREASE cases. `categories`:
    trends.volume_by (unit, received, received_earlier, yoy)."""
    increase = categories["received"] - categories["received_earlier"]
    new = (categories["received_earlier"] == 0) & (categories["received"] >= NOTABLE_MIN_INCREASE)
    rising = (categories["received_earlier"] > 0) & (increase >= NOTABLE_MIN_INCREASE) & (
        increase >= NOTABLE_RISE * categories["received_earlier"])
    chosen = categories.assign(increase=increase)[new | rising]
    small = chosen["received_earlier"] < config.comparison_min_base()  # a tiny base ranks like a new category
    steepness = chosen["yoy"].map(lambda change: float("inf") if formatting.is_missing(change) else change).mask(
        small, float("inf"))
    return (chosen.assign(steepness=steepness).sort_values(["increase", "steepness", "unit"], ascending=[False, False, True])
            .drop(columns="steepness").head(NOTABLE_LISTED))


def category_rises(categories: pd.DataFrame) -> str:
    """The notably rising categories in one sentence, or that none rose (or that there is no
    baseline to tell)."""
    if not categories["received_earlier"].sum():
        return TAKEAWAYS["categories_no_baseline"]
    chosen = notable_rises(categories)
    if chosen.empty:
        return TAKEAWAYS["categories_steady"]
    items = [TAKEAWAYS["category_new_item" if not earlier else "category_rising_item"].format(
        name=name, count=formatting.prose_count(count), change=count_change("同比", metrics.change(count, earlier), earlier))
        for name, count, earlier in zip(chosen["unit"], chosen["received"], chosen["received_earlier"])]
    return TAKEAWAYS["categories_rising"].format(items="、".join(items))


def trend_takeaway(series: pd.DataFrame, row, period: Period, pop_baseline: str = NO_POP_BASELINE) -> str:
    """The monthly trend chart in one line: the total with its changes and the busiest month of
    the period. `series`: the chart's rows (year, month, value), which may reach outside the
    period; `row`: a metrics.headline row."""
    months = pd.to_datetime(pd.DataFrame({"year": series["year"], "month": series["month"], "day": 1}))
    first_month = pd.Timestamp(period.start.year, period.start.month, 1)
    inside = series[(months >= first_month) & (months <= pd.Timestamp(period.end))]
    if inside.empty or not row["received"]:
        return TAKEAWAYS["nothing_to_chart"]
    busiest, peak = _busiest_months(inside, period)
    return TAKEAWAYS["trend_takeaway" if len(busiest) == 1 else "trend_takeaway_tied"].format(
        period=prose_label(period), count=formatting.prose_count(row["received"]),
        changes=changes_clause(row, "received", False, pop_baseline), peak_month=listed_names(busiest),
        peak_count=formatting.prose_count(peak))


def _busiest_months(inside: pd.DataFrame, period: Period) -> tuple[list[str], int]:
    """The months of the most cases (7月, or 2011年12月 outside the period's last year), tied ones
    all, in order; and that count."""
    peak = inside["value"].max()
    busiest = inside[inside["value"] == peak].sort_values(["year", "month"])
    return [f"{int(month)}月" if year == period.end.year else f"{int(year)}年{int(month)}月"
            for year, month in zip(busiest["year"], busiest["month"])], peak


def rate_takeaway(bars: pd.DataFrame, what: str, denominators: pd.Series, denominator_label: str,
                  min_denominator: int) -> str:
    """A rate chart in one line: its lowest and highest unit among those whose rate rests on at
    least `min_denominator` cases (a 0% from one case is not news). `bars`: the chart rows
    (label, value), best first; `denominators`: each unit's denominator, by label."""
    if bars.empty:
        return TAKEAWAYS["nothing_to_chart"]
    bars = bars[bars["label"].map(denominators) >= min_denominator]
    if bars.empty:
        return TAKEAWAYS["rate_takeaway_small"].format(what=what, denominator=denominator_label,
                                                       min_cases=min_denominator)
    best = bars.iloc[0]
    if len(bars) == 1:
        return TAKEAWAYS["rate_takeaway_single"].format(
            what=what, best=best["label"], best_rate=formatting.percent(best["value"]),
            denominator=f"{denominator_label}{formatting.prose_count(denominators[best['label']])}")
    shown = bars["value"].map(formatting.percent)  # units that read the same are tied
    high, low = shown.iloc[0], shown.iloc[-1]
    if high == low:
        return TAKEAWAYS["rate_takeaway_tied"].format(count=len(bars), what=what, rate=high)
    lowest, highest = list(bars.loc[shown == low, "label"]), list(bars.loc[shown == high, "label"])
    extra = f"，{denominator_label}{formatting.prose_count(denominators[lowest[0]])}"
    return TAKEAWAYS["rate_takeaway"].format(what=what, worst=_named(lowest, low, extra), best=_named(highest, high))


def share_takeaway(table: pd.DataFrame, compared: bool = True) -> str:
    """A breakdown by category in one line: the largest share and the largest notable rise (the
    same test as category_rises, so the chart and the text never disagree); without `compared`
    (a period longer than a year) the share only.
    `table`: trends.volume_by rows (unit, received, received_earlier, yoy), largest first."""
    total = table["received"].sum()
    if not total:
        return TAKEAWAYS["nothing_to_chart"]
    tops = table.loc[table["received"] == table["received"].max(), "unit"]  # tied categories named together
    top = "".join(f"“{name}”" for name in tops)  # quoted names need no 顿号 between them
    share = TAKEAWAYS["share_one" if len(tops) == 1 else "share_tied"].format(
        share=formatting.percent(table["received"].max() / total))
    if not compared:
        return TAKEAWAYS["share_takeaway_only"].format(top=top, share=share)
    rising = notable_rises(table)
    if not table["received_earlier"].sum():
        trend = TAKEAWAYS["share_no_baseline"]
    elif rising.empty:
        trend = TAKEAWAYS["share_none_rising"]
    else:
        first = rising.iloc[0]
        count = formatting.prose_count(first["received"])
        trend = (TAKEAWAYS["share_new"].format(name=first["unit"], count=count) if not first["received_earlier"] else
                 TAKEAWAYS["share_rising"].format(name=first["unit"], count=count,
                                                  change=count_change("同比", first["yoy"], first["received_earlier"])))
    return TAKEAWAYS["share_takeaway"].format(top=top, share=share, rising=trend)


def trend_feature(series: pd.DataFrame, period: Period) -> str:
    """The trend as a 主要特点, without repeating the total 基本情况 just gave: in how many months
    the count was above the same month last year (when the chart has last year), and the busiest
    month, tied months together. `series`: the chart's rows (year, month, value)."""
    stamps = pd.to_datetime(pd.DataFrame({"year": series["year"], "month": series["month"], "day": 1}))
    inside = series[(stamps >= pd.Timestamp(period.start.year, period.start.month, 1))
                    & (stamps <= pd.Timestamp(period.end))]
    if inside.empty or not inside["value"].sum():
        return TAKEAWAYS["nothing_to_chart"]
    values = series.set_index(["year", "month"])["value"]
    earlier = [values.get((year - 1, month)) for year, month in zip(inside["year"], inside["month"])]
    parts = []
    if all(value is not None for value in earlier) and sum(earlier):
        above = sum(int(now > then) for now, then in zip(inside["value"], earlier))
        parts.append(TAKEAWAYS["months_above"].format(months=len(inside), above=above) if above not in (0, len(inside))
                     else TAKEAWAYS["all_above" if above else "none_above"].format(months=len(inside)))
    busiest, peak = _busiest_months(inside, period)
    parts.append(TAKEAWAYS["busiest" if len(busiest) == 1 else "busiest_tied"].format(
        months=listed_names(busiest), count=prose_count(peak)))
    return TAKEAWAYS["trend_feature"].format(parts="，".join(parts))
