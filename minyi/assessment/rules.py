"""The 考核细则 file: what a county's 考核办 publishes, as TOML, read and checked whole.

A rule file names the units assessed (townships, departments, or work teams with their 派出单位),
the items with their points and where each comes from (a rate Minyi computes, a hand-entered
score, or a 民意测评 vote), how a rate becomes points, the 等次 cut-offs, and the caps between a
team and its unit. Anything wrong (an unknown key or rate, items that do not add up to their
group or the total, cut-offs out of order) is refused with a Chinese message naming the line,
before anything is scored. The README documents the format with the seed's rule as example.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from minyi.assessment import points as point_rules

UNIT_KINDS = {"township": "乡镇（街道）", "department": "部门", "team": "工作队"}
MISSING_RULES = {"rescale": "缺项按其余项目满分折算", "zero": "缺项计0分"}
MANUAL, VOTES = "manual", "votes"
TOP_KEYS = {"title", "units", "total", "missing", "min_available", "min_base", "only", "parents", "group", "item",
            "grade", "cap", "team"}
ITEM_KEYS = {"name", "group", "points", "from", "score", "min_base", "votes", "min_votes", "note"}
NO_GRADE = "无数据"  # what a unit without a total is shown as: no grade may be called so
DEFAULT_MIN_AVAILABLE = 0.5  # a total rests on items worth at least half the total
DEFAULT_MIN_BASE = 5  # a rate resting on fewer records (events, cases, answers) scores nothing
TEAM_KEYS = {"name", "department", "township", "village"}


class RuleError(ValueError):
    """A rule file that cannot be scored by; the message names the file and line."""


@dataclass(frozen=True)
class Item:
    name: str
    points: float
    source: str                      # a rate name (rates.CATALOGUE), MANUAL or VOTES
    group: str | None = None
    scoring: point_rules.Scoring | None = None   # rates only
    votes: tuple[tuple[str, float], ...] = ()     # VOTES: (level, score per vote), best first
    min_votes: int = 0
    min_base: int = DEFAULT_MIN_BASE             # rates: the fewest records a rate may rest on
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Grade:
    name: str
    min_score: float


@dataclass(frozen=True)
class Cap:
    """A 派出单位 with a team rated `team_grade` cannot be rated `cannot_be` (it gets the next
    grade down): 被评定为差等次驻村工作的派出单位，考核原则上不得评为先进单位."""
    team_grade: str
    cannot_be: str


@dataclass(frozen=True)
class Team:
    name: str
    department: str   # 派出单位
    township: str
    village: str | None = None


@dataclass(frozen=True)
class Rules:
    title: str
    units: str                        # UNIT_KINDS
    total: float
    items: tuple[Item, ...]
    groups: tuple[tuple[str, float], ...] = ()
    grades: tuple[Grade, ...] = ()
    caps: tuple[Cap, ...] = ()
    teams: tuple[Team, ...] = ()
    parents: tuple[str, ...] = ()     # 派出单位 scored even without a team (then 无数据)
    only: tuple[str, ...] = ()        # townships or departments assessed (empty: all in the data)
    missing: str = "rescale"
    min_available: float = DEFAULT_MIN_AVAILABLE  # the share of the total the items with data must be worth
    path: str = ""

    def items_from(self, source: str) -> list[Item]:
        return [item for item in self.items if item.source == source]

    def rate_items(self) -> list[Item]:
        return [item for item in self.items if item.source not in (MANUAL, VOTES)]

    def grade_of(self, score: float) -> str:
        """The 等次 of a score as shown (two decimals): a score equal to a cut-off reaches it."""
        shown = round(score, 2)
        return next(grade.name for grade in self.grades if shown >= grade.min_score)

    def grade_below(self, name: str) -> str:
        names = [grade.name for grade in self.grades]
        return names[min(names.index(name) + 1, len(names) - 1)]


def load(path: Path, available_rates: dict[str, frozenset[str]], lower_is_better: frozenset[str] = frozenset()) -> Rules:
    """The rules of `path`; `available_rates` maps each rate name to the unit kinds it exists for,
    `lower_is_better` names the rates where less is the good news (差评率)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"考核细则 {path.name} 无法读取：{error}") from error
    return parse(text, available_rates, path.name, lower_is_better)


def parse(text: str, available_rates: dict[str, frozenset[str]], name: str = "考核细则",
          lower_is_better: frozenset[str] = frozenset()) -> Rules:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        where = f"第{at.group(1)}行第{at.group(2)}列" if at else ""
        raise RuleError(f"考核细则 {name}{where}：TOML 格式错误，请检查引号、括号和等号"
                        f"（中文键名须加引号，如 \"满意\" = 5；解析器原文：{error}）") from error
    return _Reader(raw, _Lines(text), name, available_rates, lower_is_better).rules()


class _Lines:
    """Where each table and key of a TOML text is, for messages: tomllib gives no positions."""

    HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z_][\w.-]*)\s*\]\]?")
    KEY = re.compile(r"^\s*([A-Za-z_][\w.-]*|\"[^\"]+\")\s*=")  # score.kind = ... is key score

    def __init__(self, text: str) -> None:
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        table, index = "", 0
        for number, line in enumerate(text.splitlines(), start=1):
            header = self.HEADER.match(line)
            if header:
                table = header.group(2)
                index = counts.get(table, -1) + 1 if header.group(1) == "[[" else 0
                counts[table] = index
                self.tables[(table, index)] = number
                continue
            key = self.KEY.match(line)
            if key:
                self.keys.setdefault((table, index, key.group(1).strip('"').split(".")[0]), number)

    def of(self, table: str = "", index: int = 0, key: str | None = None) -> int:
        if key is not None and (table, index, key) in self.keys:
            return self.keys[(table, index, key)]
        if key is not None and not table and (key, 0) in self.tables:  # a top-level table: [[itme]]
            return self.tables[(key, 0)]
        return self.tables.get((table, index), 1)


@dataclass
class _Reader:
    raw: dict
    lines: _Lines
    name: str
    available_rates: dict[str, frozenset[str]]
    lower_is_better: frozenset[str]
    min_base: int = DEFAULT_MIN_BASE  # the file's default for its rate items

    def fail(self, line: int, message: str) -> None:
        raise RuleError(f"考核细则 {self.name} 第{line}行：{message}")

    def rules(self) -> Rules:
        for key in self.raw:
            if key not in TOP_KEYS:
                self.fail(self.lines.of(key=key), f"未知的设置“{key}”（可用：{'、'.join(sorted(TOP_KEYS))}）")
        units = self.raw.get("units")
        if units not in UNIT_KINDS:
            self.fail(self.lines.of(key="units"), f"units 须为 {'、'.join(UNIT_KINDS)} 之一（乡镇、部门或工作队），现为“{units}”")
        missing = self.raw.get("missing", "rescale")
        if missing not in MISSING_RULES:
            self.fail(self.lines.of(key="missing"), f"missing 须为 rescale（缺项折算）或 zero（缺项计0分），现为“{missing}”")
        total = self._number(self.raw.get("total", 100), self.lines.of(key="total"), "total（总分）")
        if total <= 0:
            self.fail(self.lines.of(key="total"), "total（总分）须大于0")
        min_available = self._number(self.raw.get("min_available", DEFAULT_MIN_AVAILABLE),
                                     self.lines.of(key="min_available"), "min_available（有数据项目至少占总分的比例）")
        if min_available > 1:
            self.fail(self.lines.of(key="min_available"), "min_available 是比例，须在 0–1 之间（如 0.5）")
        self.min_base = int(self._number(self.raw.get("min_base", DEFAULT_MIN_BASE), self.lines.of(key="min_base"),
                                         "min_base（比率至少依据的件数）"))
        for key, wanted in (("only", ("township", "department")), ("parents", ("team",))):
            if key in self.raw and units not in wanted:
                self.fail(self.lines.of(key=key), f"{key} 只用于 units = {' 或 '.join(f'“{w}”' for w in wanted)}")
        groups = self._groups()
        items = tuple(self._item(raw, index, units, dict(groups)) for index, raw in enumerate(self._tables("item")))
        if not items:
            self.fail(1, "没有任何考核项目（[[item]]）")
        self._check_sums(items, groups, total)
        grades = self._grades(total)
        teams = self._teams(units)
        caps = self._caps(units, grades)
        return Rules(title=str(self.raw.get("title", "考核")), units=units, total=total, items=items,
                     groups=tuple(groups), grades=grades, caps=caps, teams=teams,
                     parents=self._names("parents"), only=self._names("only"), missing=missing,
                     min_available=min_available, path=self.name)

    def _tables(self, key: str) -> list[dict]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            self.fail(self.lines.of(key=key), f"{key} 须写成 [[{key}]] 表")
        return value

    def _names(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(entry, str) and entry.strip() for entry in value):
            self.fail(self.lines.of(key=key), f"{key} 须为名称列表，如 {key} = [\"县教体局\", \"县卫健局\"]")
        names = [entry.strip() for entry in value]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            self.fail(self.lines.of(key=key), f"{key} 中“{'、'.join(repeated)}”重复")
        return tuple(names)

    def _number(self, value, line: int, what: str, minimum: float = 0) -> float:
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                or value < minimum):
            self.fail(line, f"{what} 须为不小于{minimum:g}的数，现为“{value}”")
        return float(value)

    def _groups(self) -> list[tuple[str, float]]:
        groups = []
        for index, raw in enumerate(self._tables("group")):
            line = self.lines.of("group", index)
            unknown = set(raw) - {"name", "points"}
            if unknown or not isinstance(raw.get("name"), str):
                self.fail(line, f"[[group]] 只能有 name 和 points{'（未知：' + '、'.join(sorted(unknown)) + '）' if unknown else ''}")
            if raw["name"] in dict(groups):
                self.fail(line, f"大项“{raw['name']}”重复")
            groups.append((raw["name"], self._number(raw.get("points"), self.lines.of("group", index, "points"),
                                                     f"大项“{raw['name']}”的 points")))
        return groups

    def _item(self, raw: dict, index: int, units: str, groups: dict[str, float]) -> Item:
        line = self.lines.of("item", index)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            self.fail(line, "考核项目缺少 name（项目名称）")
        if name.strip() in {str(other.get("name", "")).strip() for other in self._tables("item")[:index]}:
            self.fail(line, f"考核项目“{name}”重复（每个项目的名称须不同）")
        for key in raw:
            if key not in ITEM_KEYS:
                self.fail(self.lines.of("item", index, key), f"项目“{name}”有未知的设置“{key}”（可用：{'、'.join(sorted(ITEM_KEYS))}）")
        points = self._number(raw.get("points"), self.lines.of("item", index, "points"), f"项目“{name}”的 points（分值）")
        group = raw.get("group")
        if groups and group not in groups:
            self.fail(self.lines.of("item", index, "group"), f"项目“{name}”的 group“{group}”不是已定义的大项（{'、'.join(groups)}）")
        source = raw.get("from")
        source_line = self.lines.of("item", index, "from")
        common = {"name": name.strip(), "points": points, "group": group, "source": source,
                  "note": str(raw.get("note", "")), "line": line}
        if source in (MANUAL, VOTES):
            for key in ("score", "min_base"):
                if key in raw:
                    self.fail(self.lines.of("item", index, key), f"项目“{name}”是{'手工评分' if source == MANUAL else '民意测评'}，"
                                                                 f"不能设 {key}")
        if source == VOTES:
            return Item(**common, votes=self._votes(raw, index, name), min_votes=int(self._number(
                raw.get("min_votes", 0), self.lines.of("item", index, "min_votes"), f"项目“{name}”的 min_votes")))
        if "votes" in raw or "min_votes" in raw:
            self.fail(self.lines.of("item", index, "votes"), f"项目“{name}”不是民意测评（from = \"votes\"），不能设 votes")
        if source == MANUAL:
            return Item(**common)
        if source not in self.available_rates:
            known = "、".join(["manual", "votes", *sorted(self.available_rates)])
            self.fail(source_line, f"项目“{name}”的数据来源“{source}”不存在（可用：{known}）")
        if units not in self.available_rates[source]:
            kinds = "、".join(UNIT_KINDS[kind] for kind in self.available_rates[source])
            self.fail(source_line, f"项目“{name}”的数据来源“{source}”只能用于{kinds}，不能用于{UNIT_KINDS[units]}")
        try:
            scoring = point_rules.Scoring.from_rule(raw.get("score", "proportional"))
        except ValueError as error:
            self.fail(self.lines.of("item", index, "score"), f"项目“{name}”的 score：{error}")
        if scoring.kind == "linear" and source in self.lower_is_better and scoring.zero < scoring.full:
            self.fail(self.lines.of("item", index, "score"), f"项目“{name}”的{source}越低越好：linear 的 zero（得0分的比率）"
                                                             f"应高于 full（得满分的比率），如 zero = 5, full = 0")
        min_base = int(self._number(raw.get("min_base", self.min_base), self.lines.of("item", index, "min_base"),
                                    f"项目“{name}”的 min_base"))
        return Item(**common, scoring=scoring, min_base=min_base)

    def _votes(self, raw: dict, index: int, name: str) -> tuple[tuple[str, float], ...]:
        levels = raw.get("votes")
        line = self.lines.of("item", index, "votes")
        if not isinstance(levels, dict) or not levels or not all(
                isinstance(score, (int, float)) and not isinstance(score, bool) and score >= 0
                for score in levels.values()):
            self.fail(line, f"民意测评项目“{name}”须写明各档每票得分，如 votes = {{ \"满意\" = 5, \"一般满意\" = 4, \"不满意\" = 3 }}")
        if max(levels.values()) <= 0:
            self.fail(line, f"民意测评项目“{name}”的最高档得分须大于0")
        return tuple(sorted(((level, float(score)) for level, score in levels.items()), key=lambda pair: -pair[1]))

    def _check_sums(self, items: tuple[Item, ...], groups: list[tuple[str, float]], total: float) -> None:
        for index, (group, points) in enumerate(groups):
            summed = sum(item.points for item in items if item.group == group)
            if abs(summed - points) > 1e-9:
                self.fail(self.lines.of("group", index), f"大项“{group}”{points:g}分，其项目合计{summed:g}分，不相符")
        summed = sum(item.points for item in items)
        if abs(summed - total) > 1e-9:
            self.fail(self.lines.of(key="total") if "total" in self.raw else self.lines.of("item", 0),
                      f"各项目分值合计{summed:g}分，与总分{total:g}分不符")

    def _grades(self, total: float) -> tuple[Grade, ...]:
        grades = []
        for index, raw in enumerate(self._tables("grade")):
            line = self.lines.of("grade", index)
            if set(raw) - {"name", "min"} or not isinstance(raw.get("name"), str) or not raw["name"].strip():
                self.fail(line, "[[grade]] 须写 name（等次）和 min（最低分）")
            if raw["name"] in {grade.name for grade in grades} or raw["name"] == NO_GRADE:
                self.fail(line, f"等次“{raw['name']}”" + ("重复" if raw["name"] != NO_GRADE else "是无得分单位的标示，不能作等次名"))
            minimum = self._number(raw.get("min"), self.lines.of("grade", index, "min"), f"等次“{raw['name']}”的 min")
            if minimum > total:
                self.fail(self.lines.of("grade", index, "min"), f"等次“{raw['name']}”的最低分{minimum:g}高于总分{total:g}")
            if grades and minimum >= grades[-1].min_score:
                self.fail(line, f"等次须从高到低排列：“{raw['name']}”的最低分{minimum:g}不低于上一等次的{grades[-1].min_score:g}")
            grades.append(Grade(raw["name"], minimum))
        if not grades:
            self.fail(1, "没有等次（[[grade]]，如 先进 90、合格 60、差 0）")
        if grades[-1].min_score != 0:
            self.fail(self.lines.of("grade", len(grades) - 1), f"最低等次“{grades[-1].name}”的 min 须为0，否则低分单位没有等次")
        return tuple(grades)

    def _teams(self, units: str) -> tuple[Team, ...]:
        teams = []
        for index, raw in enumerate(self._tables("team")):
            line = self.lines.of("team", index)
            if units != "team":
                self.fail(line, "只有 units = \"team\" 时才能列出工作队（[[team]]）")
            unknown = set(raw) - TEAM_KEYS
            missing = [key for key in ("name", "department", "township") if not str(raw.get(key, "")).strip()]
            if unknown or missing:
                self.fail(line, "工作队须写 name（队名）、department（派出单位）、township（驻点乡镇），可写 village（驻点村）"
                                + (f"；缺少 {'、'.join(missing)}" if missing else f"；未知：{'、'.join(sorted(unknown))}"))
            team = Team(str(raw["name"]).strip(), str(raw["department"]).strip(), str(raw["township"]).strip(),
                        str(raw["village"]).strip() if raw.get("village") else None)
            if team.name in {other.name for other in teams}:
                self.fail(line, f"工作队“{team.name}”重复")
            teams.append(team)
        if units == "team" and not teams:
            self.fail(1, "units = \"team\" 须列出工作队（[[team]]）")
        return tuple(teams)

    def _caps(self, units: str, grades: tuple[Grade, ...]) -> tuple[Cap, ...]:
        caps, names = [], [grade.name for grade in grades]
        for index, raw in enumerate(self._tables("cap")):
            line = self.lines.of("cap", index)
            if units != "team":
                self.fail(line, "[[cap]]（工作队等次限制派出单位等次）只用于 units = \"team\"")
            if set(raw) != {"team_grade", "cannot_be"}:
                self.fail(line, "[[cap]] 须写 team_grade（工作队等次）和 cannot_be（派出单位不得评为的等次）")
            for key in ("team_grade", "cannot_be"):
                if raw[key] not in names:
                    self.fail(self.lines.of("cap", index, key), f"“{raw[key]}”不是已定义的等次（{'、'.join(names)}）")
            if raw["cannot_be"] == names[-1]:
                self.fail(line, f"最低等次“{names[-1]}”之下没有等次可降")
            caps.append(Cap(raw["team_grade"], raw["cannot_be"]))
        return tuple(caps)
