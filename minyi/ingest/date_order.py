"""Whether 01/02/2020 means 2 January or 1 February, decided per export column from its own values.

Chinese systems write the year first; English exports write 01/31/2020 (month first, US) or
31/01/2020 (day first). One value with a first part above 12 settles a column as day-first, one
with a second part above 12 as month-first. A column where every value could be either follows
the file's other date columns, and else is read month-first (the order of the US-style exports
Minyi meets) with a warning saying how a mapping file's [formats] overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from minyi import db
from minyi.ingest.fields import FIELD_LABELS


@dataclass(frozen=True)
class DateReading:
    """How each date field of one export table is read: `day_first` per field (False when the
    column has no such dates), `formats` the mapping's strptime format per field (or None)."""

    day_first: dict[str, bool]
    formats: dict[str, str | None]

    def parameters(self, fields: tuple[str, ...], names: dict[str, str]) -> dict[str, object]:
        """The staging SQL's parameters: `<name>_day_first` and `<name>_format` per field, where
        `names` gives each field's short name in the SQL (received_at -> received)."""
        params: dict[str, object] = {}
        for field_name in fields:
            params[f"{names[field_name]}_day_first"] = self.day_first.get(field_name, False)
            params[f"{names[field_name]}_format"] = self.formats.get(field_name)
        return params


def decide(con: duckdb.DuckDBPyConnection, table: pa.Table, fields: tuple[str, ...], formats: dict[str, str],
           headers: dict[str, str], label: str, warnings: list[str]) -> DateReading:
    """Decide the order of the date columns `fields` of a field table (minyi.ingest.plans); an
    undecidable column adds a warning. `headers` maps fields to the export's column names (a field
    without one has no cells to read, and the warning names the column), `label` names the table.
    """
    present = [name for name in fields if name in headers and name not in formats]
    counts = {}
    if present:
        with db.register(con, "date_cells", _date_cells(table, present)):
            counts = {row.field: row for row in db.run(con, "import/day_month_cells").itertuples(index=False)}
    decided = {field_name: _order(row) for field_name, row in counts.items()}
    file_orders = {order for order in decided.values() if order is not None}
    file_order = file_orders.pop() if len(file_orders) == 1 else None
    day_first = {}
    for field_name, order in decided.items():
        if order is None:
            order = file_order
        if order is None:
            order = "month"
            column = headers.get(field_name, FIELD_LABELS.get(field_name, field_name))
            warnings.append(
                f"{label}：「{column}」的日期都写成“01/02/2020”这样、无法判断月和日的先后，已按“月/日/年”读取；"
                f"如应为“日/月/年”，请在映射文件中写 [formats] {field_name} = \"%d/%m/%Y %H:%M:%S\"（按实际格式）"
            )
        day_first[field_name] = order == "day"
    return DateReading(day_first, {f: formats.get(f) for f in formats})


def _date_cells(table: pa.Table, fields: list[str]) -> pa.Table:
    """The cells of the date columns as one narrow table (field, text), without copying the text."""
    names = pa.array(fields)
    field_parts, text_parts = [], []
    for index, name in enumerate(fields):
        column = table.column(name)
        field_parts += [pa.DictionaryArray.from_arrays(pa.array(np.full(len(chunk), index, dtype=np.int8)), names)
                        for chunk in column.chunks]
        text_parts += [chunk.cast(pa.string()) for chunk in column.chunks]
    dictionary = pa.dictionary(pa.int8(), pa.string())
    return pa.table({"field": pa.chunked_array(field_parts, dictionary),
                     "text": pa.chunked_array(text_parts, pa.string())})


def _order(row) -> str | None:
    """day or month when the column's values settle it; the majority when they contradict each
    other (the minority then fails to parse and is rejected, naming the value); None otherwise."""
    if row.only_day_first or row.only_month_first:
        return "day" if row.only_day_first > row.only_month_first else "month"
    return None
