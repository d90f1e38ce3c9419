"""Every setting of Minyi, declared once with its default and help text.

Settings come from environment variables so that the nightly import job, the dashboard
and the tests can each point at their own database without code changes. The README
lists every setting; a test keeps that list complete.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.name, self.default)


DB_PATH = Setting(
    "MINYI_DB",
    str(PROJECT_ROOT / "data" / "minyi.duckdb"),
    "DuckDB database file the dashboard reads and the importer publishes to.",
)
HOLIDAYS_FILE = Setting(
    "MINYI_HOLIDAYS",
    str(PROJECT_ROOT / "data" / "holidays.toml"),
    "TOML file with official holidays and make-up workdays for years the "
    "chinesecalendar package does not know yet (see data/holidays.example.toml).",
)
COMPLAINT_WORKING_DAYS = Setting(
    "MINYI_COMPLAINT_WORKING_DAYS",
    "5",
    "Deadline for complaints / 12345 orders without a 办理时限 in the export, in working days "
    "after the day of receipt (济南、潍坊 12345 条例: 5个工作日).",
)
PETITION_DAYS = Setting(
    "MINYI_PETITION_DAYS",
    "60",
    "Deadline for petitions, calendar days from 受理 (信访工作条例 第三十四条).",
)
PETITION_EXTENSION_DAYS = Setting(
    "MINYI_PETITION_EXTENSION_DAYS",
    "30",
    "Extra calendar days when the export records an approved extension (延期), at most 30 by law.",
)
BASIC_SATISFIED_WEIGHT = Setting(
    "MINYI_BASIC_SATISFIED_WEIGHT",
    "1.0",
    "满意率 口径: weight of 基本满意 in the numerator. 1.0 counts 满意+基本满意; 0.9 follows "
    "one Beijing district's 12345 tool (not an official rule).",
)
COUNT_OVERDUE_UNRATED = Setting(
    "MINYI_COUNT_OVERDUE_UNRATED",
    "0",
    "满意率 口径: 1 counts 逾期未评价 as satisfied and as rated (as some 信访 考核 calculators do); "
    "0 leaves such cases out of the rate.",
)
ON_TIME_DENOMINATOR = Setting(
    "MINYI_ON_TIME_DENOMINATOR",
    "due",
    "按时办结率 口径: 'due' divides by cases that were due (closed, or open past their deadline "
    "at the period end); 'closed' divides by closed cases only.",
)

ALL_SETTINGS = (
    DB_PATH,
    HOLIDAYS_FILE,
    COMPLAINT_WORKING_DAYS,
    PETITION_DAYS,
    PETITION_EXTENSION_DAYS,
    BASIC_SATISFIED_WEIGHT,
    COUNT_OVERDUE_UNRATED,
    ON_TIME_DENOMINATOR,
)


def db_path() -> Path:
    return Path(DB_PATH.value())
