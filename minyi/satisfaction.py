"""满意度: callback satisfaction of cases by unit, and survey (测评) results with the survey score.

A rate from 3 answers must not read like one from 3,000, so every table carries its count.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from minyi import db, formatting, metrics, view_cache
from minyi.scope import Scope

# The survey score: each answer's points weighted by its share of the votes. Answers not listed
# here (other scales) are left out of the score and of its denominator.
SCORE_POINTS = {"满意": 5, "基本满意": 4, "不满意": 3}
SCORE_CALIBER = "测评得分=满意×5+基本满意×4+不满意×3，按票数占比加权（满分5分）"
def callback_answers(table: pd.DataFrame) -> pd.DataFrame:
    """Long rows for charts.answer_shares: label, answer, votes (rated answers only), units by
    满意率, best first, then by name, so which units a long chart keeps never depends on the
    order ties arrived in."""
    table = table.assign(_rate=pd.to_numeric(table["satisfaction_rate"], errors="coerce")).sort_values(
        ["_rate", "unit"], ascending=[False, True], na_position="last", kind="mergesort")
    rows = [(unit, answer, int(row[metrics.ANSWER_COUNTS[answer]]))
            for unit, row in table.set_index("unit").iterrows() for answer in ("满意", "基本满意", "不满意")]
    long = pd.DataFrame(rows, columns=["label", "answer", "votes"])
    rated = long.groupby("label", sort=False)["votes"].transform("sum")
    return long[rated > 0]


def survey_votes(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    return db.run(con, "survey_votes", start=scope.period.start, end=scope.period.end, township=scope.township,
                  department=scope.department)


@view_cache.memoised
def poll_rates(con: duckdb.DuckDBPyConnection, scope: Scope, by: str, basic_weight: float) -> pd.DataFrame:
    """The 民意调查 indicators of the scope's surveys per township, department or the county
    (`by` county: one unit, 全县): minyi.survey_indicators.rates, memoised per view."""
    from minyi import survey_indicators

    votes = survey_votes(con, scope)
    return survey_indicators.rates(votes.assign(county="全县") if by == "county" else votes, by, basic_weight)


def survey_dates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return db.run(con, "survey_dates")


def survey_label(con: duckdb.DuckDBPyConnection, votes: pd.DataFrame) -> str:
    """The surveys behind `votes` by their own names and dates (2012年上半年测评（2012年6月15日）), for a
    chart's scope line: a survey is its own period, not the filter's 1–9月."""
    held = survey_dates(con).set_index("survey_name")["survey_date"]
    return "、".join(f"{name}（{day.year}年{day.month}月{day.day}日）" if name in held.index else name
                    for name in votes["survey_name"].unique() for day in [pd.Timestamp(held.get(name))])


def survey_scores(votes: pd.DataFrame, by: str, policy: metrics.Policy) -> pd.DataFrame:
    """Per value of `by` (township, item, ...): votes, 满意率 under the 口径, and the survey score,
    best score first."""
    rows = []
    for unit, group in votes.groupby(by, sort=False):
        answers = group.groupby("answer")["votes"].sum()
        counts = {column: answers.get(answer, 0) for answer, column in metrics.ANSWER_COUNTS.items()}
        scored = sum(answers.get(answer, 0) for answer in SCORE_POINTS)
        score = (sum(points * answers.get(answer, 0) for answer, points in SCORE_POINTS.items()) / scored
                 if scored else None)
        rows.append({"unit": unit, "votes": int(answers.sum()), "satisfaction_rate":
                     metrics.satisfaction_rate(pd.Series(counts), policy), "score": score})
    table = pd.DataFrame(rows, columns=["unit", "votes", "satisfaction_rate", "score"])
    return table.sort_values(["score", "unit"], ascending=[False, True], na_position="last", kind="mergesort",
                             ignore_index=True)


def score_bars(table: pd.DataFrame) -> pd.DataFrame:
    """Bar rows for charts.ranked_bars from survey_scores: units with a score, best first, the
    score, 满意率 and vote count at the bar end (units whose answers are all on other scales
    have no score and are left out rather than drawn as 0)."""
    scored = table[table["score"].notna()]
    texts = [f"{score:.2f}分　满意率{formatting.percent(rate)}（{votes:,}票）"
             for score, rate, votes in zip(scored["score"], scored["satisfaction_rate"], scored["votes"])]
    return pd.DataFrame({"label": scored["unit"], "value": scored["score"], "text": texts})
