"""The demo county's 考核: its hand-scored items and 民意测评 votes, written as the filled-in
考核手工评分表 a 考核办 would import, for the years and half years the demo's grid events cover.

Scored by the rule file the demo ships (data/assessment.toml): most teams do well; the teams in
the lagging townships (河口镇, 柳溪乡) are weaker on 出勤 and in the 民意测评, and one team's 2011
测评 had fewer than 50 people, so it reads 测评无效 as real 考核 results sometimes do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from minyi.assessment import rules, template
from minyi.assessment.rules import MANUAL, VOTES
from minyi.periods import half_year, year

RULES_TITLE = "青岚县驻村群众工作队考核"
PERIODS = (year(2010), year(2011), half_year(2011, 1), half_year(2011, 2), half_year(2012, 1))
SHORT_MEETING = ("柳溪乡富民村工作队", year(2011))  # a 民意测评 of 45 people: invalid


def demo_rules(path: Path) -> rules.Rules | None:
    """The demo's rule file, or None when `path` holds a county's own rules (then no demo entries)."""
    from minyi.assessment import assess

    try:
        chosen = assess.load_rules(path)
    except (rules.RuleError, OSError):
        return None
    return chosen if chosen.title == RULES_TITLE else None


def sheets(rng: np.random.Generator, chosen: rules.Rules, lagging: tuple[str, ...], folder: Path) -> list[Path]:
    """One filled-in 考核手工评分表 (.xlsx) per period, in `folder`."""
    files = []
    for period in PERIODS:
        entered = _entries(rng, chosen, period, lagging)
        path = folder / f"考核手工评分表-{period.start:%Y%m}-{period.end:%Y%m}.xlsx"
        path.write_bytes(template.workbook(chosen, period, [team.name for team in chosen.teams], entered))
        files.append(path)
    return files


def _entries(rng: np.random.Generator, chosen: rules.Rules, period, lagging: tuple[str, ...]) -> pd.DataFrame:
    rows = []
    for team in chosen.teams:
        weak = team.township in lagging
        for item in chosen.items_from(MANUAL):
            dropped = rng.choice([0, 0.5, 1, 1.5, 2], p=[0.15, 0.2, 0.3, 0.2, 0.15] if weak else [0.6, 0.25, 0.1, 0.05, 0])
            rows.append((team.name, item.name, None, item.points - dropped, None))
        for item in chosen.items_from(VOTES):
            people = 45 if (team.name, period) == SHORT_MEETING else int(rng.integers(52, 80))
            shares = [0.55, 0.33, 0.12] if weak else [0.82, 0.15, 0.03]
            counts = rng.multinomial(people, shares)
            rows += [(team.name, item.name, level, None, int(count)) for (level, _), count in zip(item.votes, counts)]
    return pd.DataFrame(rows, columns=["unit", "item", "level", "points", "votes"])
