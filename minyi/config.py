"""Every setting of Minyi, declared once with its default and help text.

Settings come from environment variables so that the nightly import job, the dashboard
and the tests can each point at their own database without code changes. The README
lists every setting; a test keeps that list complete.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.name, self.default)

    def number(self, minimum: float = 0) -> float:
        """The value as a number, or a Chinese error naming the setting (never a traceback)."""
        try:
            number = float(self.value())
        except ValueError:
            raise SettingError(f"设置 {self.name} 应为数字，而不是「{self.value()}」") from None
        if number < minimum:
            raise SettingError(f"设置 {self.name} 不能小于 {minimum:g}（现为 {self.value()}）")
        return number

    def weights(self, allowed: tuple[str, ...]) -> dict[str, float]:
        """`name=weight,...` as weights adding up to 1, or a Chinese error naming the setting."""
        weights = {}
        for part in filter(None, (p.strip() for p in self.value().split(","))):
            name, _, number = part.partition("=")
            try:
                weights[name.strip()] = float(number)
            except ValueError:
                raise SettingError(f"设置 {self.name} 的「{part}」应写成 名称=数字") from None
        unknown = set(weights) - set(allowed)
        if unknown or not weights or min(weights.values()) < 0 or not sum(weights.values()):
            raise SettingError(f"设置 {self.name} 只能包含 {'、'.join(allowed)} 的非负权重，且不能全为0（现为 {self.value()}）")
        total = sum(weights.values())
        return {name: weights.get(name, 0.0) / total for name in allowed}

    def choice(self, allowed: tuple[str, ...]) -> str:
        value = self.value().strip().lower()
        if value not in allowed:
            raise SettingError(f"设置 {self.name} 只能是 {'、'.join(allowed)}，而不是「{self.value()}」")
        return value


class SettingError(ValueError):
    """A setting with a value Minyi cannot use; the message is Chinese and names the setting."""


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
ASSUMED_DEADLINES = Setting(
    "MINYI_ASSUMED_DEADLINES",
    "1",
    "按时办结率 口径: 1 counts every case, its deadline stated by the export or assumed by rule "
    "(MINYI_PETITION_DAYS, MINYI_COMPLAINT_WORKING_DAYS); 0 counts only cases whose export stated "
    "the deadline, in 按时办结率 and 超期未办结 alike.",
)

PETITION_NEXT_WORKDAY = Setting(
    "MINYI_PETITION_NEXT_WORKDAY",
    "1",
    "1 moves a petition deadline that falls on a weekend or holiday to the next workday "
    "(民法典 第二百零三条: 期间的最后一日是法定休假日的，以休假日结束的次日为最后一日); 0 keeps it.",
)
TIMEZONE = Setting(
    "MINYI_TIMEZONE",
    "Asia/Shanghai",
    "Time zone of the exports' clock times; also what 'now' means when an import rejects future dates.",
)

MAX_REJECTED_SHARE = Setting(
    "MINYI_MAX_REJECTED_SHARE",
    "0.2",
    "Import: a file with more than this share of its rows rejected (or all of them) makes the import "
    "fail its exit code (3) and shows as an error on the 数据 page; the accepted rows still go in. "
    "Typing errors reject a few per cent; one row in five points to a layout the importer misreads.",
)

IMPORT_MEMORY_MB = Setting(
    "MINYI_IMPORT_MEMORY_MB",
    "6144",
    "Import: the most memory (address space, MiB) one import may take. Uploads and the command line "
    "import in a child process capped at this, so a file that needs more (a sheet whose last cell sits "
    "at XFD1048576, a 300 MB cell) is refused in Chinese instead of taking the dashboard down. An "
    "import needs about 1.5 GiB per million rows of file.",
)

CURRENT_PART_CASES = Setting(
    "MINYI_CURRENT_PART_CASES",
    "2000000",
    "Storage: an import copies the database's current part to publish a new snapshot. Once that part holds "
    "more cases than this, the import moves all but its latest three months of cases into a history part, a "
    "file never written again, so a nightly import into 10^8 cases copies months, not years.",
)

BACKEND = Setting(
    "MINYI_BACKEND",
    "duckdb",
    "Storage the dashboard and the command line read. duckdb: the database file MINYI_DB. "
    "clickhouse://user:password@host:port/database (clickhouses:// over TLS): a ClickHouse server or cluster. "
    "chdb://DIR: ClickHouse in-process with its data in the folder DIR (one process at a time). ClickHouse "
    "holds a copy of MINYI_DB's published database, made by the dashboard on its first page view after an "
    "import, or by `python -m minyi clickhouse-load` (imports still write MINYI_DB).",
)

QUARANTINE_DAYS = Setting(
    "MINYI_QUARANTINE_DAYS",
    "90",
    "Import: rejected-row folders (quarantine, next to the database) older than this many days are "
    "deleted at the next import; 0 keeps them for ever.",
)

SIGN_IN = Setting(
    "MINYI_SIGN_IN",
    "off",
    "Who may open the dashboard: off (anybody who reaches the port sees everything: the demo county), "
    "local (accounts made with `python -m minyi users add`, passwords hashed with argon2), or oidc "
    "(the intranet's single sign-on through Streamlit's st.login, configured in .streamlit/secrets.toml; "
    "the account named by MINYI_OIDC_NAME_CLAIM gives the scope and roles).",
)

SESSION_HOURS = Setting(
    "MINYI_SESSION_HOURS",
    "8",
    "Sign-in: a session signed in longer ago than this many hours must sign in again.",
)

LOCKOUT_ATTEMPTS = Setting(
    "MINYI_LOCKOUT_ATTEMPTS",
    "5",
    "Sign-in: this many wrong passwords in a row lock the account (even the right password is refused) "
    "for MINYI_LOCKOUT_MINUTES, or until `python -m minyi users reset` gives it a new password.",
)

LOCKOUT_MINUTES = Setting(
    "MINYI_LOCKOUT_MINUTES",
    "30",
    "Sign-in: how long a locked account stays locked.",
)

OIDC_NAME_CLAIM = Setting(
    "MINYI_OIDC_NAME_CLAIM",
    "email",
    "Sign-in with oidc: the claim of the identity provider's token that names the Minyi account "
    "(made with `python -m minyi users add NAME --sso`).",
)

RANKING_WEIGHTS = Setting(
    "MINYI_RANKING_WEIGHTS",
    "on_time=0.35,completion=0.25,satisfaction=0.30,volume=0.10",
    "排名 composite: weight of each part, comma-separated name=weight (on_time, completion, "
    "satisfaction, volume; grid: a township's 网格 按期结案率, service: a unit's 便民服务 按时办结率, "
    "both 0 unless named); weights are scaled to add up to 1.",
)

RANKING_MIN_CASES = Setting(
    "MINYI_RANKING_MIN_CASES",
    "10",
    "排名: units with fewer cases received in the period are listed as 样本不足 instead of ranked.",
)

RANK_CHANGE_MIN_POINTS = Setting(
    "MINYI_RANK_CHANGE_MIN_POINTS",
    "1.0",
    "排名: a unit whose composite score moved less than this many points since the baseline period "
    "reads 持平 whatever its places did (near-tied scores 0.1 apart reorder by chance).",
)

RANKING_LIST_SIZE = Setting(
    "MINYI_RANKING_LIST_SIZE",
    "3",
    "红榜/黑榜: how many units head and close a ranking (the 排名 page's lists, the colours of every "
    "ranking chart on screen, in the briefing and its PNGs, and the lowest units of a rate chart); "
    "units tied at the boundary all go on the list, and the chart says so (并列第14位).",
)

COMPARISON_MIN_BASE = Setting(
    "MINYI_COMPARISON_MIN_BASE",
    "10",
    "同比/环比 of a count is given as a percentage only when the comparison period had at least this "
    "many cases; below it the base is quoted instead (上年同期仅3件), and the ranking leaves its volume "
    "part out. The default period must also hold this many cases.",
)

GRID_FOUND_DENOMINATOR = Setting(
    "MINYI_GRID_FOUND_DENOMINATOR",
    "registered",
    "网格 发现率 divides the events grid or patrol staff found by `registered` (立案 events, as 数字城管's "
    "监督举报率 counts) or by `all` events reported, voided ones included.",
)

GRID_REPORT_HOURS = Setting(
    "MINYI_GRID_REPORT_HOURS",
    "24",
    "网格 上报及时率: an event found by grid staff counts as reported in time when its 上报时间 is at most "
    "this many hours after its 发现时间.",
)

GRID_CLOSURE_DENOMINATOR = Setting(
    "MINYI_GRID_CLOSURE_DENOMINATOR",
    "due",
    "网格 结案率 and 按期结案率 divide by `due` (应结案: closed by the period end plus still open past the "
    "deadline, as 数字城管 reports count them) or by `registered` (every 立案 event of the period).",
)

BROWSER_PATH = Setting(
    "BROWSER_PATH",
    "",
    "Chromium used to draw charts as PNG for briefings (read by kaleido); empty looks for "
    "chromium, chromium-browser or google-chrome on the PATH.",
)

BRIEFING_ISSUER = Setting(
    "MINYI_BRIEFING_ISSUER",
    "",
    "简报 版头: the issuing unit printed in red above a red rule (e.g. 青岚县信访局); empty prints no 版头.",
)

BRIEFING_ISSUE = Setting(
    "MINYI_BRIEFING_ISSUE",
    "",
    "简报 版头: the 期号 under the issuing unit (e.g. 第3期); empty leaves it out. Needs MINYI_BRIEFING_ISSUER.",
)

ASSESSMENT_RULES = Setting(
    "MINYI_ASSESSMENT_RULES",
    str(PROJECT_ROOT / "data" / "assessment.toml"),
    "考核细则: the TOML rule file the 考核 page and `python -m minyi assess` score by (the demo county's ships "
    "as data/assessment.toml; format in the README).",
)

ALL_SETTINGS = (
    DB_PATH,
    HOLIDAYS_FILE,
    ASSESSMENT_RULES,
    COMPLAINT_WORKING_DAYS,
    PETITION_DAYS,
    PETITION_EXTENSION_DAYS,
    BASIC_SATISFIED_WEIGHT,
    COUNT_OVERDUE_UNRATED,
    ON_TIME_DENOMINATOR,
    ASSUMED_DEADLINES,
    PETITION_NEXT_WORKDAY,
    TIMEZONE,
    MAX_REJECTED_SHARE,
    IMPORT_MEMORY_MB,
    CURRENT_PART_CASES,
    BACKEND,
    QUARANTINE_DAYS,
    SIGN_IN,
    SESSION_HOURS,
    LOCKOUT_ATTEMPTS,
    LOCKOUT_MINUTES,
    OIDC_NAME_CLAIM,
    RANKING_WEIGHTS,
    RANKING_MIN_CASES,
    RANK_CHANGE_MIN_POINTS,
    RANKING_LIST_SIZE,
    COMPARISON_MIN_BASE,
    BROWSER_PATH,
    BRIEFING_ISSUER,
    BRIEFING_ISSUE,
)


def db_path() -> Path:
    return Path(DB_PATH.value()).absolute()


def import_memory_bytes() -> int:
    """The address space one import may take (MINYI_IMPORT_MEMORY_MB)."""
    return int(IMPORT_MEMORY_MB.number(minimum=256) * 2**20)


def comparison_min_base() -> int:
    """The smallest count a 同比/环比 percentage may rest on (MINYI_COMPARISON_MIN_BASE)."""
    return int(COMPARISON_MIN_BASE.number(minimum=1))


def local_now() -> dt.datetime:
    """The current time on the county's clock (naive), whatever the server's own zone is."""
    try:
        zone = ZoneInfo(TIMEZONE.value())
    except Exception:  # zoneinfo raises several types for unknown names
        raise SettingError(f"设置 {TIMEZONE.name} 不是有效的时区名：「{TIMEZONE.value()}」") from None
    return dt.datetime.now(zone).replace(tzinfo=None)
