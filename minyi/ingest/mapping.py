"""Which export column feeds which Minyi field: built-in aliases, overridden by a mapping file.

A mapping file is small TOML a county keeps next to its exports (format in the README). An
export whose required fields cannot all be found fails before anything is read past the
header, with a message listing the columns that were not recognised and the fields missing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from minyi.ingest.fields import (
    ANSWER_LABELS,
    FIELD_LABELS,
    KINDS,
    SOURCES,
    builtin_field,
    fields_for,
    header_key,
    normalise_header,
    personal_header,
)


class ExportError(Exception):
    """An export that cannot be imported at all; the message is Chinese and names the file."""


# What a mapping file's [values.<field>] may translate spellings into.
ALLOWED_VALUES = {
    "satisfaction": ("满意", "基本满意", "不满意", "逾期未评价", "未回访"),
    "is_repeat": ("true", "false"),
    "extended": ("true", "false"),
    "channel": ("网上", "来信", "来访", "电话", "12345"),
    "event_source": ("网格员巡查发现", "群众上报", "部门推送", "12345转办"),
    "event_status": ("voided", "registered"),
    "service_level": ("县级", "乡镇级", "村级"),
    "service_mode": ("窗口", "网办", "自助", "代办"),
    "rectification": ("true", "false"),
}
# Date fields whose format a mapping file's [formats] may name, and the strptime directives DuckDB reads.
FORMAT_FIELDS = ("received_at", "closed_at", "deadline", "survey_date", "found_at", "reported_at", "registered_at",
                 "dispatched_at", "disposed_at", "rectified_at", "day")
_DIRECTIVES = re.compile(r"%(-?[aAwdbBmyYHIpMSfgnzZjUWcxX]|%)")


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
    personal: frozenset[str] = frozenset()  # header keys of columns the county marks as personal data
    formats: dict[str, str] = field(default_factory=dict)  # date field -> strptime format


def load_mapping(path: Path | None) -> Mapping:
    if path is None:
        return Mapping()
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ExportError(f"映射文件 {path} 无法读取：{error}") from None
    return parse_mapping(data, str(path))


def parse_mapping(data: bytes, name: str) -> Mapping:
    """A mapping file's bytes (as uploaded on the 数据 page, or read by load_mapping) as a checked
    Mapping; every problem is an ExportError in Chinese naming `name`."""
    try:
        data = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ExportError(f"映射文件 {name} 无法读取：{error}") from None
    path = name
    for table in ("columns", "values", "formats", "township_aliases", "department_aliases"):
        if not isinstance(data.get(table, {}), dict):
            raise ExportError(f"映射文件 {path}：[{table}] 应是一个表（每行写 键 = 值），而不是「{data[table]!r}」")
    _check_columns(data.get("columns", {}), path)
    mapping = Mapping(
        kind=data.get("kind"),
        source=data.get("source"),
        sheet=data.get("sheet"),
        header_row=data.get("header_row"),
        survey_name=data.get("survey_name"),
        survey_date=str(data["survey_date"]) if "survey_date" in data else None,
        empty_values=frozenset(str(v) for v in data.get("empty_values", [])),
        columns={header_key(k): v for k, v in data.get("columns", {}).items()},
        ignore=frozenset(header_key(c) for c in data.get("ignore", [])),
        values={f: {str(k).lower(): v for k, v in m.items()} for f, m in data.get("values", {}).items()},
        township_aliases=dict(data.get("township_aliases", {})),
        department_aliases=dict(data.get("department_aliases", {})),
        personal=frozenset(header_key(c) for c in _text_list(data, "personal", path)),
        formats={str(k): v for k, v in data.get("formats", {}).items()},
    )
    _check_mapping(mapping, path)
    return mapping


def _text_list(data: dict, key: str, path: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ExportError(f"映射文件 {path}：{key} 应为列名的列表，例如 {key} = [\"家庭地址\"]")
    return value


def _check_columns(columns: dict, path: str) -> None:
    """Two headers of [columns] naming one field (or one header written twice in spellings that
    match alike) would feed one field from two columns: refused, naming both."""
    seen: dict[str, str] = {}
    keys: dict[str, str] = {}
    for header, name in columns.items():
        key = header_key(header)
        if key in keys:
            raise ExportError(f"映射文件 {path}：[columns] 中「{keys[key]}」和「{header}」是同一列名的两种写法，请只保留一个")
        keys[key] = header
        if name in seen:
            raise ExportError(
                f"映射文件 {path}：[columns] 把「{seen[name]}」和「{header}」两列都对应到字段 {name}"
                f"（{FIELD_LABELS.get(name, name)}），一个字段只能来自一列，请删去其中一行"
            )
        seen[name] = header


def _check_formats(mapping: Mapping, path: str) -> None:
    for field_name, text in mapping.formats.items():
        if field_name not in FORMAT_FIELDS:
            raise ExportError(f"映射文件 {path}：[formats] 只能为 {'、'.join(FORMAT_FIELDS)} 指定格式，而不是「{field_name}」")
        rest = _DIRECTIVES.sub("", text) if isinstance(text, str) else "%"
        if not isinstance(text, str) or "%" in rest or not re.search(r"%-?[yY]", text):
            raise ExportError(
                f"映射文件 {path}：[formats] {field_name} 的格式「{text}」无法使用；应写成 \"%m/%d/%Y %I:%M:%S %p\" 这样，"
                "含年份（%Y），可用 %Y %m %d %H %I %M %S %p %b 等"
            )


def _check_mapping(mapping: Mapping, path: str) -> None:
    if mapping.kind not in (None, *KINDS):
        raise ExportError(f"映射文件 {path}：kind 应为 {'、'.join(KINDS)} 之一，而不是「{mapping.kind}」")
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
    _check_formats(mapping, path)
    both = sorted(mapping.personal & set(mapping.columns))
    if both:
        raise ExportError(f"映射文件 {path}：列「{'、'.join(both)}」既在 personal 中又在 [columns] 中，请只保留一处")
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
    ignored: tuple[str, ...] = ()  # listed under the mapping's `ignore`: dropped on read, like personal data
    warnings: tuple[str, ...] = ()  # a column left unused because another one feeds its field


def plan_columns(headers: list[str], kind: str, mapping: Mapping, file: Path, header_found: bool = True) -> ColumnPlan:
    """Which column feeds which field. A mapping's [columns] entry wins over the built-in aliases;
    of two built-in aliases of one field, the one listed first in minyi.ingest.fields wins (on a tie
    the leftmost column), and the other is unused with a warning. Two columns the mapping sends
    to one field are refused. `header_found` False (no row of the file named a known column)
    keeps the first row's cells, which may be data, out of the error message."""
    known, required = fields_for(kind)
    if kind == "survey" and mapping.survey_date:
        required = tuple(f for f in required if f != "survey_date")
    mapped: dict[str, str] = {}
    candidates: dict[str, list[tuple[int, int, str]]] = {}
    personal, unused, answers, ignored = [], [], [], []
    for position, header in enumerate(headers):
        key, name = header_key(header), normalise_header(header)
        target = mapping.columns.get(key)
        builtin = builtin_field(header, kind)
        if key in mapping.personal:
            personal.append(header)
        elif target:
            if target in mapped:
                raise ExportError(
                    f"文件 {file.name}：映射文件使「{mapped[target]}」和「{header}」两列都对应到字段 {target}"
                    f"（{FIELD_LABELS[target]}），一个字段只能来自一列，请在映射文件中只保留一列"
                )
            mapped[target] = header
        elif personal_header(header) and not builtin:  # before `ignore`: reported as personal data
            personal.append(header)
        elif key in mapping.ignore and (builtin or ("",))[0] != "person_name":  # a name still scrubs texts
            ignored.append(header)
        elif kind == "survey" and not builtin and name in ANSWER_LABELS:
            answers.append(header)
        elif builtin:
            candidates.setdefault(builtin[0], []).append((builtin[1], position, header))
        elif name:
            unused.append(header)
    field_headers, warnings = dict(mapped), []
    for target, options in candidates.items():
        options.sort()
        label = f"{target}（{FIELD_LABELS[target]}）"
        if target in mapped:
            chosen, others = mapped[target], [h for _, _, h in options]
            warnings += [f"列「{h}」未使用：映射文件已指定「{chosen}」作为 {label}" for h in others]
        else:
            chosen, others = options[0][2], [h for _, _, h in options[1:]]
            field_headers[target] = chosen
            warnings += [f"列「{chosen}」和「{h}」都可作为 {label}，已使用「{chosen}」，「{h}」未使用；"
                         f"如应使用后者，请在映射文件 [columns] 中写 \"{h}\" = \"{target}\"" for h in others]
        unused.extend(others)
    unused.sort(key=headers.index)
    personal.extend(h for f, h in field_headers.items() if f == "person_name")
    missing = [f for f in required if f not in field_headers]
    if missing:
        labels = "、".join(f"{f}（{FIELD_LABELS[f]}）" for f in missing)
        if not header_found:
            raise ExportError(
                f"文件 {file.name}：找不到表头行（前几行中没有一个可识别的列名），因此也找不到必需的列 {labels}。"
                "请在映射文件（命令行 --mapping，或数据页上传时附上）中用 header_row = 行号 指明表头所在的行，并在 [columns] 中说明各列对应的字段。"
            )
        others = "、".join(unused) or "无"
        raise ExportError(
            f"文件 {file.name}：找不到必需的列 {labels}。未识别的列：{others}。"
            f"请用映射文件（命令行 --mapping，或数据页上传时附上）的 [columns] 指明，例如 \"{unused[0] if unused else '某列'}\" = \"{missing[0]}\"。"
        )
    if "answer" in field_headers or "votes" in field_headers:
        unused.extend(answers)  # a long table that happens to have a column called 满意
        answers = []
    return ColumnPlan(field_headers, tuple(personal), tuple(unused), tuple(answers), tuple(ignored), tuple(warnings))


def guess_source(headers: list[str], file: Path) -> str:
    """petition or complaint from the header vocabulary, when neither option nor mapping says."""
    text = ("".join(normalise_header(h) for h in headers) + file.stem).casefold()
    if "信访" in text:
        return "petition"
    if any(word in text for word in ("工单", "来电", "12345", "投诉", "热线", "诉求", "complaint", "servicerequest", "311")):
        return "complaint"
    raise ExportError(f"文件 {file.name}：无法判断是信访件还是投诉件，请加 --source petition 或 --source complaint")
