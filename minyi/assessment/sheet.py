"""The 考核表 as a 考核办 files it: one row per unit, one column per item under its 大项, the total,
等次 and 名次, the 派出单位 below for work teams, and the signature lines, ready to print on A4
landscape."""

from __future__ import annotations

import io
import itertools

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from minyi import formatting
from minyi.assessment.rules import MISSING_RULES, UNIT_KINDS, Rules
from minyi.assessment.scoring import Result
from minyi.periods import Period, assessment_label
from minyi.spreadsheet import neutralised

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
SIGNATURES = "考核组成员（签字）：　　　　　　　　　　审核：　　　　　　　　　　考核办（盖章）　　　　年　　月　　日"


def workbook(rules: Rules, period: Period, result: Result) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "考核表"
    leading = ["序号", UNIT_KINDS[rules.units], *(["派出单位"] if rules.units == "team" else [])]
    trailing = ["总分", "等次", "名次", "说明"]
    width = len(leading) + len(rules.items) + len(trailing)
    sheet.append([f"{rules.title}考核表"])
    sheet.append([f"考核期间：{assessment_label(period)}　　满分{rules.total:g}分，{MISSING_RULES[rules.missing]}"])
    groups = [item.group or "" for item in rules.items]
    sheet.append([*leading, *groups, *trailing])
    sheet.append([*leading, *(f"{item.name}\n（{item.points:g}分）" for item in rules.items), *trailing])
    _merge_headers(sheet, leading, groups, trailing)
    for number, (_, row) in enumerate(result.units.iterrows(), start=1):
        sheet.append([number, neutralised(row["unit"]),
                      *([neutralised(row["department"])] if rules.units == "team" else []),
                      *(_points(row[item.name]) for item in rules.items), _points(row["total"]), row["grade"],
                      None if formatting.is_missing(row["rank"]) else int(row["rank"]), neutralised(row["note"])])
    last_unit_row = sheet.max_row
    _box(sheet, 3, last_unit_row, width)
    if rules.units == "team" and not result.parents.empty:
        sheet.append([])
        start = sheet.max_row + 1
        sheet.append(["序号", "派出单位", "工作队数", "总分", "等次", "名次", "说明"])
        for number, (_, row) in enumerate(result.parents.iterrows(), start=1):
            sheet.append([number, neutralised(row["unit"]), int(row["teams"]), _points(row["total"]), row["grade"],
                          None if formatting.is_missing(row["rank"]) else int(row["rank"]), neutralised(row["note"])])
        _box(sheet, start, sheet.max_row, 7)
    sheet.append([])
    sheet.append([SIGNATURES])
    _layout(sheet, width, len(leading), len(rules.items))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _points(value):
    return None if formatting.is_missing(value) else round(float(value), 2)


def _merge_headers(sheet, leading: list[str], groups: list[str], trailing: list[str]) -> None:
    """The two header rows: 大项 merged over its items; the other headers merged down both rows."""
    for column in [*range(1, len(leading) + 1),
                   *range(len(leading) + len(groups) + 1, len(leading) + len(groups) + len(trailing) + 1)]:
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    column = len(leading) + 1
    for _, run in itertools.groupby(groups):  # a 大项 over each run of its items next to each other
        span = len(list(run))
        if span > 1:
            sheet.merge_cells(start_row=3, start_column=column, end_row=3, end_column=column + span - 1)
        column += span


def _box(sheet, first_row: int, last_row: int, width: int) -> None:
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=width):
        for cell in row:
            cell.border = BOX
            cell.alignment = CENTRE
            if isinstance(cell.value, float):
                cell.number_format = "0.00"


def _layout(sheet, width: int, leading: int, items: int) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for row in (3, 4):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
    sheet.row_dimensions[4].height = 42
    widths = [6, 22, *([14] if leading == 3 else []), *([10] * items), 9, 8, 6, 40]
    for index, size in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = size
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "3:4"
    sheet.freeze_panes = "C5"

