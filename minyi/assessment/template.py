"""The 考核手工评分表: the workbook Minyi generates for one period for the 考核办 to fill in (the
hand-scored items and the 民意测评 votes of every unit) and read back through the importer.

One row per unit and item (a 民意测评 item: one row per vote level), with the rule file's title,
the period and the full points filled in, so a row read back is checked against the rule file
(minyi.ingest, kind assessment): a score above the item's points, an unknown unit or item, or a
sheet made for another rule file is rejected with the row and column named.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from minyi.assessment.rules import MANUAL, VOTES, Rules
from minyi.periods import Period, assessment_label
from minyi.spreadsheet import neutralised

HEADERS = ["考核名称", "考核期间", "被考核单位", "派出单位", "考核项目", "测评档次", "满分", "得分", "票数"]
FILLED_IN = PatternFill("solid", fgColor="FFF7D6")  # the cells the 考核办 fills
WIDTHS = (30, 16, 26, 16, 18, 10, 8, 8, 8)
NOTE = ("填表说明：只填黄色单元格。手工评分项目在“得分”填0至满分之间的分数；民意测评项目按档次在“票数”填得票数"
        "（参加人数少于细则规定的，测评无效）。其余各列请勿改动，填好后在数据页导入。")


def rows(rules: Rules, period: Period, units: list[str], entered: pd.DataFrame | None = None) -> list[list]:
    """The sheet's data rows, with what was already entered (unit, item, level, points, votes)."""
    parents = {team.name: team.department for team in rules.teams}
    known = {} if entered is None else {(row.unit, row.item, None if pd.isna(row.level) else row.level): row
                                        for row in entered.itertuples(index=False)}
    label, lines = assessment_label(period), []
    for unit in units:
        for item in [*rules.items_from(MANUAL), *rules.items_from(VOTES)]:
            for level in [level for level, _ in item.votes] or [None]:
                row = known.get((unit, item.name, level))
                points = None if row is None or pd.isna(row.points) else float(row.points)
                votes = None if row is None or pd.isna(row.votes) else int(row.votes)
                lines.append([rules.title, label, unit, parents.get(unit, ""), item.name, level or "",
                              item.points if item.source == MANUAL else None, points, votes])
    return lines


def workbook(rules: Rules, period: Period, units: list[str], entered: pd.DataFrame | None = None) -> bytes:
    """The 考核手工评分表 of `period` as .xlsx bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "手工评分"
    sheet.append([f"{rules.title}　{assessment_label(period)}　手工评分表"])
    sheet.append([NOTE])
    sheet.append(HEADERS)
    for line in rows(rules, period, units, entered):
        sheet.append([neutralised(value) for value in line])
    last = sheet.max_row
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.row_dimensions[2].height = 36
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4, max_row=last):
        points_cell, votes_cell = row[7], row[8]
        (votes_cell if row[5].value else points_cell).fill = FILLED_IN
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    if last >= 4:
        in_range = DataValidation(type="custom", formula1="AND(ISNUMBER(H4),H4>=0,H4<=G4)", allow_blank=True,
                                  showErrorMessage=True, errorTitle="得分超出范围", error="得分须在0到满分之间")
        whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, errorTitle="票数有误", error="票数须为不小于0的整数")
        sheet.add_data_validation(in_range)
        sheet.add_data_validation(whole)
        in_range.add(f"H4:H{last}")
        whole.add(f"I4:I{last}")
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
