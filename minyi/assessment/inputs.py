"""What a rule file's items read for one period: the rates from the database, the hand-entered
points and the 民意测评 votes, and the units assessed."""

from __future__ import annotations

import duckdb
import pandas as pd

from minyi import db
from minyi.assessment import rates, scoring
from minyi.assessment.rules import Rules
from minyi.periods import Period

MANUAL_COLUMNS = ["unit", "item", "points"]
VOTE_COLUMNS = ["unit", "item", "level", "votes"]


def gather(con: duckdb.DuckDBPyConnection, rules: Rules, period: Period) -> tuple[list[str], scoring.Inputs]:
    """The units `rules` assess in `period` (its teams; else `only`, else every township or
    department with a rate or an entry in it), and what their items read."""
    tables, notes = {}, {}
    for item in rules.rate_items():
        rate = rates.CATALOGUE[item.source]
        tables[item.name] = rate.values(con, period, rules.units, rules.teams)
        notes[item.name] = (rate.label, rate.describe(), rate.lower_is_better)
    manual, votes = entries(con, rules, period)
    if rules.units == "team":
        units = [team.name for team in rules.teams]
    elif rules.only:
        units = list(rules.only)
    else:  # those with a rate or an entry: a period before a sparse export's years lists nobody, not 100 × 无数据
        rated = [set(table.loc[table["rate"].notna(), "unit"]) for table in tables.values()]
        units = sorted(set().union(*rated) | set(manual["unit"]) | set(votes["unit"]))
    return units, scoring.Inputs(tables, manual, votes, notes)


def entered_rows(con: duckdb.DuckDBPyConnection, rules: Rules, period: Period) -> pd.DataFrame:
    """The entries imported for this rule file's title and `period` (unit, item, level, points,
    votes; queries/assessment/entries.sql); empty on a database without any."""
    rows = db.run_if_present(con, "assessment/entries", title=rules.title, start=period.start, end=period.end)
    return pd.DataFrame(columns=["unit", "item", "level", "points", "votes"]) if rows is None else rows


def entries(con: duckdb.DuckDBPyConnection, rules: Rules, period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The hand-entered points and the votes, apart."""
    rows = entered_rows(con, rules, period)
    manual = rows[rows["level"].isna()][MANUAL_COLUMNS].reset_index(drop=True)
    votes = rows[rows["level"].notna()][VOTE_COLUMNS].reset_index(drop=True)
    return manual, votes
