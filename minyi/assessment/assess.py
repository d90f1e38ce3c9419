"""A rule file scored on the database for one period, with the previous period beside it."""

from __future__ import annotations

from pathlib import Path

import duckdb

from minyi import config
from minyi.assessment import inputs, rates, rules, scoring, template
from minyi.periods import Period, previous_period


def rules_path(path: Path | None = None) -> Path:
    """The rule file to score by: `path`, else MINYI_ASSESSMENT_RULES (data/assessment.toml)."""
    return Path(path) if path else Path(config.ASSESSMENT_RULES.value())


def load_rules(path: Path | None = None) -> rules.Rules:
    """The county's rules; RuleError (Chinese, naming the file) when missing or wrong."""
    chosen = rules_path(path)
    if not chosen.exists():
        raise rules.RuleError(f"考核细则 {chosen} 不存在：请按 README 的格式编写，或用 --rules 指定（设置 "
                              f"{config.ASSESSMENT_RULES.name}）")
    return rules.load(chosen, rates.available(), rates.lower_is_better())


def parse_rules(text: str, name: str) -> rules.Rules:
    """Rules from a rule file's text (the page reads the file once, to memoise on its text)."""
    return rules.parse(text, rates.available(), name, rates.lower_is_better())


def assess_period(con: duckdb.DuckDBPyConnection, chosen: rules.Rules, period: Period,
                  with_previous: bool = True) -> scoring.Result:
    """The scores of `period`, with the previous period's (the year, half year or quarter before)."""
    units, read = inputs.gather(con, chosen, period)
    result = scoring.assess(chosen, units, read)
    if not with_previous:
        return result
    earlier = previous_period(period)
    units_before, read_before = inputs.gather(con, chosen, earlier)
    return scoring.compared(result, scoring.assess(chosen, units_before, read_before))


def template_workbook(con: duckdb.DuckDBPyConnection, chosen: rules.Rules, period: Period) -> bytes:
    """The 考核手工评分表 of `period` (.xlsx), with what was already entered filled in."""
    units, _ = inputs.gather(con, chosen, period)  # a township rule's units are those with data
    entered = inputs.entered_rows(con, chosen, period)
    return template.workbook(chosen, period, units, entered)
