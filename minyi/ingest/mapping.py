"""Which export column feeds which Minyi field: built-in aliases, overridden by a mapping file.

A mapping file is small TOML a county keeps next to its exports (format in the README). An
export whose required fields cannot all be found fails before anything is read past the
header, with a message listing the columns that were not recognised and the fields missing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from minyi.ingest.fields import (
    ANSWER_LABELS,
    FIELD_LABELS,
    PERSONAL_HEADER,
    SOURCES,
    fields_for,
    normalise_header,
)


class ExportError(Exception):
    """An export that cannot be imported at all; the message is Chinese and names the file."""


# What a mapping file's [values.<field>] may translate spellings into.
ALLOWED_VALUES = {
    "satisfaction": ("满意", "基本满意", "不满意", "逾期未评价", "未回访"),
    "is_repeat": ("true", "false"),
    "extended": ("true", "false"),
    "channel": ("网上", "来信", "来访", "电话", "12345"),
}


@dataclass(frozen=True)
class Mapping:
    kind: str | None = None
    source: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    survey_name: str | None = None
    survey_date: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    empty_values: frozenset[str] = frozenset()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    township_aliases: dict[str, str] = field(default_factory=dict)
    department_aliases: dict[str, str] = field(default_factory=dict)


def load_mapping(path: Path | None) -> Mapping:
    if path is None:
        return Mapping()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ExportError(f"映射文件 {path} 无法读取：{error}") from None
    mapping = Mapping(
        kind=data.get("kind"),
        source=data.get("source"),
        sheet=data.get("sheet"),
        header_row=data.get("header_row"),
        survey_name=data.get("survey_name"),
        survey_date=str(data["survey_date"]) if "survey_date" in data else None,
        empty_values=frozenset(str(v) for v in data.get("empty_values", [])),
        columns={normalise_header(k): v for k, v in data.get("columns", {}).items()},
        ignore=frozenset(normalise_header(c) for c in data.get("ignore", [])),
        values={f: {str(k).lower(): v for k, v in m.items()} for f, m in data.get("values", {}).items()},
        township_aliases=dict(data.get("township_aliases", {})),
        department_aliases=dict(data.get("department_aliases", {})),
    )
    _check_mapping(mapping, path)
    return mapping


def _check_mapping(mapping: Mapping, path: Path) -> None:
    if mapping.kind not in (None, "cases", "survey"):
        raise ExportError(f"映射文件 {path}：kind 应为 cases 或 survey，而不是「{mapping.kind}」")
    if mapping.source not in (None, *SOURCES):
        raise ExportError(f"映射文件 {path}：source 应为 petition 或 complaint，而不是「{mapping.source}」")
    for field_name, table in mapping.values.items():
        allowed = ALLOWED_VALUES.get(field_name)
        if allowed is None:
            raise ExportError(f"映射文件 {path}：[values.{field_name}] 不可用，可用的有 {', '.join(ALLOWED_VALUES)}")
        wrong = [f"{spelling} = {value!r}" for spelling, value in table.items() if value not in allowed]
        if wrong:
            raise ExportError(
                f"映射文件 {path}：[values.{field_name}] 的取值只能是 {'、'.join(allowed)}，而不是：{'；'.join(wrong)}"
            )
    if mapping.header_row is not None and (not isinstance(mapping.header_row, int) or mapping.header_row < 1):
        raise ExportError(f"映射文件 {path}：header_row 应为从 1 开始的行号，而不是「{mapping.header_row}」")
    kind = mapping.kind or "cases"
    known, _ = fields_for(kind)
    wrong = [f"{header} = {name}" for header, name in mapping.columns.items() if name not in known]
    if wrong:
        raise ExportError(
            f"映射文件 {path}：[columns] 中的字段名不存在：{'；'.join(wrong)}。可用字段：{', '.join(known)}"
        )


@dataclass(frozen=True)
class ColumnPlan:
    """Header (as in the file) for each field found, and what happens to every other header."""

    field_headers: dict[str, str]
    personal: tuple[str, ...]
    unused: tuple[str, ...]
    answer_columns: tuple[str, ...] = ()  # a wide survey table: one vote-count column per answer


def plan_columns(headers: list[str], kind: str, mapping: Mapping, file: Path) -> ColumnPlan:
    known, required = fields_for(kind)
    if kind == "survey" and mapping.survey_date:
        required = tuple(f for f in required if f != "survey_date")
    field_headers: dict[str, str] = {}
    personal, unused, answers = [], [], []
    for header in headers:
        name = normalise_header(header)
        target = mapping.columns.get(name) or _builtin_field(name, known)
        if kind == "survey" and not target and name in ANSWER_LABELS:
            answers.append(header)
        elif target and target not in field_headers:
            field_headers[target] = header
        elif PERSONAL_HEADER.search(name):  # before `ignore`: ignored columns still reach the quarantine
            personal.append(header)
        elif name in mapping.ignore or not name:
            continue
        else:
            unused.append(header)
    personal.extend(h for f, h in field_headers.items() if f == "person_name")
    missing = [f for f in required if f not in field_headers]
    if missing:
        labels = "、".join(f"{f}（{FIELD_LABELS[f]}）" for f in missing)
        others = "、".join(unused) or "无"
        raise ExportError(
            f"文件 {file.name}：找不到必需的列 {labels}。未识别的列：{others}。"
            f"请用映射文件（--mapping）的 [columns] 指明，例如 \"{unused[0] if unused else '某列'}\" = \"{missing[0]}\"。"
        )
    if "answer" in field_headers or "votes" in field_headers:
        unused.extend(answers)  # a long table that happens to have a column called 满意
        answers = []
    return ColumnPlan(field_headers, tuple(personal), tuple(unused), tuple(answers))


def _builtin_field(name: str, known: dict[str, tuple[str, ...]]) -> str | None:
    for field_name, aliases in known.items():
        if name in aliases:
            return field_name
    return None


def guess_source(headers: list[str], file: Path) -> str:
    """petition or complaint from the header vocabulary, when neither option nor mapping says."""
    text = "".join(normalise_header(h) for h in headers) + file.stem
    if "信访" in text:
        return "petition"
    if any(word in text for word in ("工单", "来电", "12345", "投诉", "热线", "诉求")):
        return "complaint"
    raise ExportError(f"文件 {file.name}：无法判断是信访件还是投诉件，请加 --source petition 或 --source complaint")
