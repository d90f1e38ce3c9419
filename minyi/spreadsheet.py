"""Tables as .xlsx with Chinese headers, safe to open in Excel or WPS.

Case summaries and unit names come from outside: a text starting with =, +, -, @ (or a tab or
carriage return) would run as a formula when opened, so such text is written with a leading
apostrophe, the usual marker for "this is text" (OWASP's advice for spreadsheet exports).
Rates are written as numbers with a percent format, so they can be computed with.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from minyi import formatting

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")  # -3 is a number to Excel, not a formula
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_LIMIT = 31  # Excel's limit on sheet names


def neutralised(value):
    """Text that a spreadsheet would read as a formula, made plain text; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _cell_value(value):
    if value is pd.NaT or formatting.is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return neutralised(value)


def _number_format(series: pd.Series, percent: bool) -> str | None:
    if percent:
        return "0.0%"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "yyyy-mm-dd hh:mm"
    if pd.api.types.is_integer_dtype(series):
        return "#,##0"
    if pd.api.types.is_float_dtype(series):
        return "#,##0.0#"
    if len(series.dropna()) and isinstance(series.dropna().iloc[0], dt.date):
        return "yyyy-mm-dd"
    return None


def to_xlsx(table: pd.DataFrame, headers: dict[str, str], percent: tuple[str, ...] = (), sheet: str = "数据") -> bytes:
    """The table's `headers` columns, in that order, under their Chinese names. `percent` columns
    hold rates as fractions (0.992) and are shown as 99.2%."""
    book = Workbook()
    page = book.active
    page.title = sheet[:SHEET_TITLE_LIMIT]
    columns = [column for column in headers if column in table.columns]
    page.append([neutralised(headers[column]) for column in columns])
    for cell in page[1]:
        cell.font = Font(bold=True)
    for row in table[columns].itertuples(index=False, name=None):
        page.append([_cell_value(value) for value in row])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        number_format = _number_format(table[column], column in percent)
        if number_format:
            for (cell,) in page.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
        widest = max([len(str(headers[column]))] + [len(str(v)) for v in table[column].head(200)])
        page.column_dimensions[letter].width = min(60, 4 + 1.6 * widest)
    page.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
