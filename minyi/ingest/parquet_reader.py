"""Reading Parquet exports from a data platform as text columns.

Parquet is typed and has no title rows, so there is no header to find; what matters is that its
values read as the same text a workbook cell would show, and that timestamps (instants in UTC, as
Spark writes them) read in China time. Kept apart so that readers.py only decides which reader a
file needs.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from minyi import config
from minyi.ingest.headers import deduplicate
from minyi.ingest.mapping import ExportError
from minyi.ingest.raw_table import RawTable
from minyi.ingest.workbook_reader import cell_text



def read_parquet(path: Path) -> RawTable:
    try:
        table = pq.read_table(path)
    except Exception as error:
        raise ExportError(f"文件 {path.name}：无法读取 Parquet（{error}）") from None
    headers = deduplicate([str(name) for name in table.column_names])
    columns = [_text_column(table.column(i)) for i in range(table.num_columns)]
    table = pa.table(dict(zip(headers, columns)))
    return RawTable(path, headers, table, pa.array(range(2, 2 + table.num_rows), type=pa.int32()))


def _text_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_timestamp(column.type):
        return _timestamp_text(column)
    if pa.types.is_date(column.type):
        return pa.chunked_array([pc.strftime(chunk, format="%Y-%m-%d %H:%M:%S") for chunk in column.chunks],
                                type=pa.string())
    if pa.types.is_floating(column.type):
        return pa.chunked_array([pa.array([cell_text(v) for v in chunk.to_pylist()], type=pa.string())
                                 for chunk in column.chunks], type=pa.string())
    return column.cast(pa.string())


def _timestamp_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Timestamps as the county's clock shows them: an instant (UTC, as Spark writes them) in
    MINYI_TIMEZONE, a naive timestamp as it is; no fraction when every value is a whole second."""
    tz = config.TIMEZONE.value() if column.type.tz else None
    # DuckDB keeps microseconds, and strftime would write nine digits for nanoseconds.
    micros = column.cast(pa.timestamp("us", column.type.tz), safe=False).cast(pa.timestamp("us", tz))
    seconds = micros.cast(pa.timestamp("s", tz), safe=False)
    if pc.all(pc.equal(seconds.cast(pa.timestamp("us", tz)), micros)).as_py() is not False:
        micros = seconds
    return pa.chunked_array([pc.strftime(chunk, format="%Y-%m-%d %H:%M:%S") for chunk in micros.chunks],
                            type=pa.string())
