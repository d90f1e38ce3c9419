"""Finding the real header row of an export among its first rows, and naming its columns.

Exports put a title, a date line or a two-row header above the data, so the header is found by
what it says (known column names) rather than where it is. The CSV and workbook readers both
search for it, and every reader needs unique column names, so this lives apart from any one format.
"""

from __future__ import annotations

import re

from minyi.ingest.fields import field_header, header_key, known_header
from minyi.ingest.mapping import ExportError

HEADER_SEARCH_ROWS = 30
# Cells no header has: dates and times, numbers, long text.
DATA_CELL = re.compile(r"^\s*(\d{1,4}[-/.年]\d{1,2}([-/.月]\d{1,4})?|\d{1,2}:\d{2}|[-+]?[\d,]*\.?\d+%?\s*$)")
LONG_TEXT = 40


def choose_header(
    rows: list[list[str]],
    fixed_row: int | None = None,
    mapped: frozenset[str] = frozenset(),
    merged_across: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[int, list[str], bool]:
    """Index of the header row among the first rows, the header names, and whether the row was
    found by what it says (or set by the mapping) rather than taken as the first row for want
    of any known name: only then may a message quote its cells, which could otherwise be data.

    A name is read together with the cell above it, so a two-row header names every column:
    an empty cell takes the text above it (办理情况 left empty under a vertical merge), and a
    cell under a parent (受理 merged over 时间 and 渠道) becomes parent + child when that names a
    field (受理时间, 受理渠道); 办理情况 over 办结时间 stays 办结时间, and 问题发生地址 over
    所属街镇 stays 所属街镇. Cells in
    `merged_across` (row, column) belong to a horizontal merge, such as a title across the sheet:
    an empty cell under one stays unnamed. The header is the row that, so read, names the most
    known columns (field aliases, the normalised headers `mapped` by a mapping file, and, weighing
    less, personal-data headers), the first one on a tie; duplicate names get a numeric suffix.
    A row with a date, a number or a long text among its cells is data, not a header, whatever
    else it holds: a channel cell reading "Email" or 电话 does not make it one.
    """
    found = fixed_row is not None
    if fixed_row is not None:
        index = fixed_row - 1
    else:
        scores = [_row_score(rows[i], _header_names(rows, i, mapped, merged_across), mapped)
                  for i in range(min(len(rows), HEADER_SEARCH_ROWS))]
        index = scores.index(max(scores)) if scores and max(scores) > 0 else 0
        found = bool(scores) and max(scores) >= 2  # at least one field's name, not only personal-data words
    if index >= len(rows):
        raise ExportError(f"表头行 {index + 1} 超出文件行数")
    names = _header_names(rows, index, mapped, merged_across)
    return index, deduplicate([name or f"第{position + 1}列" for position, name in enumerate(names)]), found


def _row_score(cells: list[str], names: list[str], mapped: frozenset[str]) -> int:
    if any(looks_like_data(cell) for cell in cells):
        return 0
    return sum(_score(name, mapped) for name in names)


def looks_like_data(cell: str | None) -> bool:
    """A cell no header row has: a date or time, a number, or a long text."""
    text = (cell or "").strip()
    return bool(text) and (len(text) > LONG_TEXT or DATA_CELL.match(text) is not None)


def _header_names(rows: list[list[str]], index: int, mapped: frozenset[str],
                  merged_across: frozenset[tuple[int, int]]) -> list[str]:
    above = rows[index - 1] if index > 0 else []
    names = []
    for position, cell in enumerate(rows[index]):
        name = (cell or "").strip()
        parent = (above[position] or "").strip() if position < len(above) else ""
        if not name:
            name = "" if (index - 1, position) in merged_across else parent
        elif parent and parent != name and _is_field(parent + name, mapped):
            name = parent + name
        names.append(name)
    return names


def _is_field(name: str, mapped: frozenset[str]) -> bool:
    return field_header(name) or header_key(name) in mapped


def _score(name: str, mapped: frozenset[str]) -> int:
    """A field's name counts twice a personal-data header's: both mark a header row, but a row
    of 姓名/电话 under a 诉求人 parent is not what says where the data starts."""
    return 2 if _is_field(name, mapped) else int(known_header(name))


def deduplicate(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return result
