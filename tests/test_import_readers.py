"""The reader turns every shape of export into text tables with the row numbers a person sees.

Sheets of a workbook, merged cells in the data and in two-row headers, CSV with malformed lines,
tab-separated text dressed up as .xls, web pages dressed up as .xls, undecodable bytes and
Parquet instants. These tests call `read_export` directly: which tables get imported is the
pipeline's decision, tested with the pipeline.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from minyi.ingest import csv_reader, readers
from minyi.ingest.mapping import ExportError, Mapping
from minyi.ingest.readers import read_export
from tests.export_files import write_parquet, write_workbook


def cells(raw: readers.RawTable) -> list[dict[str, str | None]]:
    return raw.table.to_pylist()


def numbers(raw: readers.RawTable) -> list[int]:
    return raw.row_numbers.to_pylist()


# --- sheets ----------------------------------------------------------------------------

MONTHS = {
    "1月": [["某县信访件登记表（1月）", None], ["信访件编号", "登记日期"], ["X1", "2024-01-05"], ["X2", "2024-01-09"]],
    "2月": [["信访件编号", "登记日期"], ["X3", "2024-02-01"]],
    "空白": [],
    "选项": [["新棉镇"], ["城关镇"]],  # the hidden list behind a drop-down
}


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_each_non_empty_visible_sheet_is_a_table_with_its_own_header_and_rows(tmp_path, suffix):
    export = write_workbook(tmp_path / f"信访{suffix}", MONTHS, {"1月": ["A1:B1"]}, hidden=("选项",))
    january, february = read_export(export, Mapping())
    assert (january.sheet, january.label) == ("1月", f"信访{suffix}「1月」")
    assert january.headers == ["信访件编号", "登记日期"] and numbers(january) == [3, 4]
    assert cells(january)[1] == {"信访件编号": "X2", "登记日期": "2024-01-09"}
    assert (february.sheet, numbers(february), cells(february)) == (
        "2月", [2], [{"信访件编号": "X3", "登记日期": "2024-02-01"}])


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_one_filled_sheet_among_empty_ones_is_not_named(tmp_path, suffix):
    """Old Excel made Sheet1..Sheet3; only the one with data counts, and labels stay the file name."""
    sheets = {"Sheet1": [], "Sheet2": MONTHS["2月"], "Sheet3": [[None, "  "]]}
    export = write_workbook(tmp_path / f"信访{suffix}", sheets)
    (table,) = read_export(export, Mapping())
    assert (table.sheet, table.label, numbers(table)) == (None, f"信访{suffix}", [2])


def test_a_mapped_sheet_is_the_only_table_and_keeps_its_name(tmp_path):
    export = write_workbook(tmp_path / "信访.xlsx", MONTHS)
    (table,) = read_export(export, Mapping(sheet="2月"))
    assert (table.sheet, cells(table)) == ("2月", [{"信访件编号": "X3", "登记日期": "2024-02-01"}])


def test_a_mapped_sheet_that_does_not_exist_names_the_sheets_there_are(tmp_path):
    export = write_workbook(tmp_path / "信访.xlsx", MONTHS)
    with pytest.raises(ExportError) as raised:
        read_export(export, Mapping(sheet="3月"))
    assert str(raised.value) == ("文件 信访.xlsx：找不到工作表「3月」，"
                                 "这个工作簿的工作表有：「1月」、「2月」、「空白」、「选项」")


def test_a_workbook_of_empty_sheets_is_an_error(tmp_path):
    export = write_workbook(tmp_path / "信访.xlsx", {"Sheet1": [], "Sheet2": []})
    with pytest.raises(ExportError, match="工作表都是空的"):
        read_export(export, Mapping())


# --- merged cells ----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_cell_merged_down_over_data_rows_fills_every_row(tmp_path, suffix):
    export = write_workbook(tmp_path / f"工单{suffix}", {"工单": [
        ["工单编号", "所属乡镇", "承办单位", "回访结果"],
        ["G1", "新棉镇", "县住建局", "满意"],
        ["G2", None, None, "满意"],
        ["G3", None, "县城管局", "不满意"],
        ["G4", "城关镇", None, None],
    ]}, {"工单": ["B2:B4", "C2:C3", "C4:C5"]})
    (table,) = read_export(export, Mapping())
    assert [(row["所属乡镇"], row["承办单位"]) for row in cells(table)] == [
        ("新棉镇", "县住建局"), ("新棉镇", "县住建局"), ("新棉镇", "县城管局"), ("城关镇", "县城管局")]
    assert cells(table)[3]["回访结果"] is None and numbers(table) == [2, 3, 4, 5]


def test_a_parent_merged_across_is_read_with_each_child_below_it(tmp_path):
    """受理 over 时间/渠道 reads 受理时间/受理渠道; 办理情况 over known names keeps them; a title
    merged across the sheet names no column of its own."""
    export = write_workbook(tmp_path / "工单.xlsx", {"工单": [
        ["某县12345热线工单（2024年3月）", None, None, None, None, None],
        ["工单编号", "受理", None, "办理情况", None, None],
        [None, "时间", "渠道", "办结时间", "回访结果", None],
        ["G1", "2024-03-01 09:00", "来电", "2024-03-04", "满意", "备注"],
    ]}, {"工单": ["A1:F1", "A2:A3", "B2:C2", "D2:E2"]})
    (table,) = read_export(export, Mapping())
    assert table.headers == ["工单编号", "受理时间", "受理渠道", "办结时间", "回访结果", "第6列"]
    assert numbers(table) == [4] and cells(table)[0]["受理渠道"] == "来电"


def test_an_unnamed_column_under_a_title_stays_unnamed(tmp_path):
    export = write_workbook(tmp_path / "信访.xlsx", {"Sheet1": [
        ["某县信访件登记表", None, None],
        ["信访件编号", "登记日期", None],
        ["X1", "2024-03-01", "已转办"],
    ]}, {"Sheet1": ["A1:C1"]})
    (table,) = read_export(export, Mapping())
    assert table.headers == ["信访件编号", "登记日期", "第3列"]


def test_a_parent_over_children_in_csv_is_read_the_same_way(tmp_path):
    export = tmp_path / "工单.csv"
    export.write_text("工单编号,受理,\n,时间,渠道\nG1,2024-03-01,来电\n", encoding="utf-8")
    (table,) = read_export(export, Mapping())
    assert table.headers == ["工单编号", "受理时间", "渠道"] and numbers(table) == [3]


# --- CSV rows ----------------------------------------------------------------------------

HEADER = "信访件编号,登记日期,所属乡镇\r\n"


def good(i: int) -> str:
    return f"X{i},2024-03-0{i},新棉镇\r\n"


CSV_CASES = {
    # name: (file text after the header, sheet rows holding cells, malformed (row, text))
    "footer at the end": (good(1) + good(2) + "合计,2\r\n", [2, 3], [(4, "合计,2")]),
    "footer after blank lines": (good(1) + good(2) + "\r\n\r\n合计,2", [2, 3], [(6, "合计,2")]),
    "broken row in the middle": (good(1) + "X2,2024-03-02\r\n" + good(3), [2, 4], [(3, "X2,2024-03-02")]),
    "broken row after a blank line": (good(1) + "\r\n" + '"X2","2024-03-02"\r\n' + good(3), [2, 5],
                                      [(4, "X2,2024-03-02")]),
    "line breaks inside quoted values": ('X1,2024-03-01,"新棉镇\r\n（东片）"\r\n' + "X2\r\n" + '"X3\n续",2024-03-03\r\n'
                                         + good(4), [2, 5], [(3, "X2"), (4, "X3\n续,2024-03-03")]),
    "a row of blanks only": (good(1) + "  \r\n" + good(2), [2, 4], []),
}


@pytest.mark.parametrize("case", CSV_CASES)
def test_csv_rows_keep_their_sheet_row_numbers(tmp_path, case, monkeypatch):
    """As the row-by-row reading numbers them, without reading the file row by row in Python."""
    body, with_cells, malformed = CSV_CASES[case]
    export = tmp_path / "信访.csv"
    export.write_text(HEADER + body, encoding="utf-8", newline="")
    reference = csv_reader._read_csv_row_by_row(export, export.read_bytes().decode(), 0, ["a", "b", "c"], ",")
    monkeypatch.setattr(csv_reader, "_read_csv_row_by_row", lambda *args: pytest.fail("slow path taken"))
    (table,) = read_export(export, Mapping())
    assert table.malformed == reference.malformed == malformed
    rows = [(n, list(row.values())) for n, row in zip(numbers(table), cells(table)) if any(row.values())]
    assert [n for n, _ in rows] == reference.row_numbers.to_pylist() == with_cells
    assert [values for _, values in rows] == [list(row.values()) for row in reference.table.to_pylist()]


def test_csv_header_cell_with_a_line_break(tmp_path):
    """Excel quotes a header typed with Alt+Enter; the data starts on the next record, not the next line."""
    export = tmp_path / "信访.csv"
    export.write_text('某县信访件\r\n"登记\r\n日期",信访件编号\r\n2024-03-01,X1\r\n', encoding="utf-8", newline="")
    (table,) = read_export(export, Mapping())
    assert table.headers == ["登记\n日期", "信访件编号"]
    assert (cells(table), numbers(table)) == ([{"登记\n日期": "2024-03-01", "信访件编号": "X1"}], [3])


def test_csv_with_only_a_header(tmp_path):
    export = tmp_path / "信访.csv"
    export.write_text("信访件编号,登记日期", encoding="utf-8")
    (table,) = read_export(export, Mapping())
    assert (table.headers, table.table.num_rows) == (["信访件编号", "登记日期"], 0)


@pytest.mark.parametrize(("name", "data"), [
    ("tab-separated.csv", "信访件编号\t登记日期\t诉求内容\r\nX1\t2024-03-01\t路灯不亮,已报修\r\n".encode()),
    ("old-system.xls", "信访件编号\t登记日期\t诉求内容\r\nX1\t2024-03-01\t路灯不亮,已报修\r\n".encode("gbk")),
    ("unicode-text.txt", "信访件编号\t登记日期\t诉求内容\r\nX1\t2024-03-01\t路灯不亮,已报修\r\n".encode("utf-16")),
    ("renamed.xlsx", '信访件编号,登记日期,诉求内容\r\nX1,2024-03-01,"路灯不亮,已报修"\r\n'.encode()),
])
def test_text_exports_whatever_their_name(tmp_path, name, data):
    export = tmp_path / name
    export.write_bytes(data)
    (table,) = read_export(export, Mapping())
    assert cells(table) == [{"信访件编号": "X1", "登记日期": "2024-03-01", "诉求内容": "路灯不亮,已报修"}]


def test_a_web_page_saved_as_xls_gets_advice(tmp_path):
    export = tmp_path / "导出.xls"
    export.write_text('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>信访件编号</td>'
                      "</tr></table></body></html>", encoding="utf-8")
    with pytest.raises(ExportError) as raised:
        read_export(export, Mapping())
    assert "实际上是网页" in str(raised.value) and "另存为「Excel 工作簿（.xlsx）」" in str(raised.value)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_an_undecodable_byte_is_reported_with_its_row(tmp_path, encoding):
    lines = [HEADER] + [f"X{i},2024-03-01,新棉镇第{i}村\r\n" for i in range(1, 6)]
    data = b"".join(line.encode(encoding) for line in lines)
    broken = data.replace("第4村".encode(encoding), b"\xff\xfe4")  # sheet row 5
    export = tmp_path / "信访.csv"
    export.write_bytes(broken)
    with pytest.raises(ExportError) as raised:
        read_export(export, Mapping())
    assert "第 5 行附近有无法识别的文字" in str(raised.value)


def test_a_damaged_utf8_file_is_not_read_as_gbk_nonsense(tmp_path):
    """Two stray bytes in UTF-8 text that GB18030 happens to accept: decoding it as GBK would
    import nonsense without a word, so the UTF-8 error is reported."""
    lines = ["信访编号,登记日期,问题属地\r\n"] + [f"X{i},2024-03-01,东城街道\r\n" for i in range(1, 6)]
    data = "".join(lines).encode("utf-8")
    broken = data.replace("X4,2024-03-01,东城".encode(), "X4,2024-03-01,东城".encode() + b"\x81\x40")  # row 5
    assert broken.decode("gb18030")  # the premise: GB18030 reads it, as nonsense
    export = tmp_path / "信访.csv"
    export.write_bytes(broken)
    with pytest.raises(ExportError, match="第 5 行附近有无法识别的文字"):
        read_export(export, Mapping())


# --- cells ---------------------------------------------------------------------------


def test_workbook_cells_read_as_a_person_sees_them(tmp_path):
    export = write_workbook(tmp_path / "信访.xlsx", {"Sheet1": [
        ["信访件编号", "数量", "比例", "身份证号", "登记日期", "办结日期", "是否重复件", "备注"],
        ["X1", 12.0, 12.5, 110101199001011234, dt.datetime(2024, 3, 1, 9, 30), dt.date(2024, 3, 4), True, "　"],
    ]})
    (table,) = read_export(export, Mapping())
    assert cells(table) == [{"信访件编号": "X1", "数量": "12", "比例": "12.5", "身份证号": "1.101011990010112e+17",
                             "登记日期": "2024-03-01 09:30:00", "办结日期": "2024-03-04", "是否重复件": "是",
                             "备注": None}]


def test_parquet_instants_are_read_in_china_time(tmp_path):
    """Spark writes instants in UTC: 2012-10-15T23:59Z is 2012-10-16 07:59 in Beijing."""
    instant = dt.datetime(2012, 10, 15, 23, 59, tzinfo=dt.UTC)
    export = write_parquet(tmp_path / "信访.parquet", {
        "登记时间": pa.array([instant, None], pa.timestamp("us", tz="UTC")),
        "精确时间": pa.array([instant + dt.timedelta(milliseconds=250), None], pa.timestamp("ns", tz="UTC")),
        "本地时间": pa.array([dt.datetime(2012, 10, 15, 23, 59), None], pa.timestamp("ms")),
    })
    (table,) = read_export(export, Mapping())
    assert cells(table)[0] == {"登记时间": "2012-10-16 07:59:00", "精确时间": "2012-10-16 07:59:00.250000",
                               "本地时间": "2012-10-15 23:59:00"}
