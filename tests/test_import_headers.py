"""Finding the header row among data that looks like headers, and never quoting data in a message."""

from __future__ import annotations

import pytest

from minyi.ingest.headers import choose_header
from minyi.ingest.mapping import ExportError, load_mapping
from tests.export_files import cases_by_id, import_into, write_csv, write_xlsx

# A message-board export whose headers Minyi does not know, and whose first data row holds a
# channel value "Email" (a personal-data word) and an address.
BOARD_HEADER = ["留言编号", "留言时间", "How Received", "Incident Location", "留言内容"]
BOARD_ROWS = [
    ["M1", "2024-03-01 08:00", "Email", "幸福路8号3单元", "小区门口路灯不亮"],
    ["M2", "2024-03-02 09:00", "Phone", "和平街12号", "噪音扰民"],
]


def test_a_data_row_with_a_personal_word_is_not_taken_for_the_header():
    rows = [BOARD_HEADER, *BOARD_ROWS]
    assert choose_header(rows) == (0, BOARD_HEADER, False)  # nothing known: the first row, not the Email row


def test_a_row_of_dates_and_numbers_is_not_a_header_even_with_a_field_word():
    rows = [["工单编号", "受理时间", "联系电话"], ["G1", "2024-03-01", "电话"], ["G2", "2024-03-02", "13812345678"]]
    assert choose_header(rows)[0] == 0
    title_then_header = [["某县投诉工单"], ["Email", "2024-03-01", "受理时间"], ["工单编号", "受理时间", "回访结果"]]
    assert choose_header(title_then_header)[:2] == (2, ["工单编号", "受理时间", "回访结果"])


def test_an_unknown_header_fails_without_quoting_any_cell(tmp_path):
    export = write_csv(tmp_path / "留言.csv", BOARD_HEADER, BOARD_ROWS)
    with pytest.raises(ExportError) as error:
        import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint")
    message = str(error.value)
    assert message.startswith("文件 留言.csv：找不到表头行")
    assert "header_row = 行号" in message and "[columns]" in message
    for cell in {*BOARD_HEADER, *BOARD_ROWS[0], *BOARD_ROWS[1]}:
        assert cell not in message


def test_a_header_found_by_name_lists_only_header_names(tmp_path):
    export = write_xlsx(tmp_path / "留言.xlsx", ["工单编号", "How Received", "Incident Location"],
                        [["M1", "Email", "幸福路8号"]], title="留言板导出")
    with pytest.raises(ExportError) as error:
        import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint")
    message = str(error.value)
    assert "找不到必需的列 received_at（受理时间）。未识别的列：How Received。" in message  # the address column is personal
    assert "Email" not in message and "幸福路" not in message


def test_the_mapping_finds_the_header_and_the_export_imports(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"留言编号" = "case_id"\n"留言时间" = "received_at"\n"How Received" = "channel"\n'
                       '"留言内容" = "summary"\n', encoding="utf-8")
    export = write_csv(tmp_path / "留言.csv", BOARD_HEADER, BOARD_ROWS, title="某省领导留言板 导出")
    report = import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint", mapping=load_mapping(mapping))
    assert report.files[0].rows_new == 2
    assert report.files[0].personal_columns == ("Incident Location",)
    assert cases_by_id(tmp_path / "db" / "m.duckdb")["M1"]["channel"] == "Email"
