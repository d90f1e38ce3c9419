"""Ignored and personal columns never leave the reader: not in the database, the quarantine CSV,
its xlsx download, or the summary."""

from __future__ import annotations

import io

import openpyxl
import pytest

from minyi.ingest.fields import personal_header
from minyi.ingest.mapping import load_mapping
from minyi.ingest.quarantine import rejected_xlsx
from minyi.ingest.summary import report_text
from tests.export_files import all_rows, import_into, write_csv

# A message-board export: a user account, an address, a column the county ignores (its notes
# hold a phone number) and one it marks as personal (an unusual header no rule could know).
HEADER = ["留言编号", "留言时间", "留言用户", "用户ID", "Address", "内部备注", "网格员", "留言内容", "回访结果"]
ROWS = [
    ["L1", "2024-03-01", "tiger_88", "u-778899", "幸福路8号", "回拨13812345678未接", "钱多多", "路灯坏了", "满意"],
    ["L2", "2024-03-02", "panda_66", "u-112233", "和平街12号", "已转办", "孙小圣", "噪音，电话0571-87654321", "很好"],
]
SECRETS = ["tiger_88", "panda_66", "u-778899", "u-112233", "幸福路", "和平街", "13812345678", "回拨", "已转办",
           "钱多多", "孙小圣", "87654321"]


@pytest.fixture
def imported(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('ignore = ["内部备注"]\npersonal = ["网格员"]\n[columns]\n"留言编号" = "case_id"\n'
                       '"留言时间" = "received_at"\n"留言内容" = "summary"\n', encoding="utf-8")
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [write_csv(tmp_path / "留言.csv", HEADER, ROWS)], source="complaint",
                         mapping=load_mapping(mapping))
    return db_path, report


def test_quarantine_csv_bytes_hold_no_ignored_or_personal_cell(imported):
    _, report = imported
    assert report.files[0].rows_rejected == 1  # L2: 回访结果 很好
    (path,) = report.quarantine_dir.glob("*.rejected.csv")
    data = path.read_bytes()
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "行号,原因,留言编号,留言时间,留言内容,回访结果"
    assert "噪音，电话[电话]" in text
    assert [s for s in SECRETS if s.encode() in data] == []


def test_the_rejected_rows_download_holds_none_either(imported):
    _, report = imported
    (path,) = report.quarantine_dir.glob("*.rejected.csv")
    sheet = openpyxl.load_workbook(io.BytesIO(rejected_xlsx(path)[0])).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "L2" in cells
    assert [s for s in SECRETS if any(s in c for c in cells)] == []


def test_summary_names_the_personal_columns_and_no_cell(imported):
    db_path, report = imported
    assert report.files[0].personal_columns == ("留言用户", "用户ID", "Address", "网格员")
    text = report_text(report)
    assert "含个人信息的列未导入：留言用户、用户ID、Address、网格员" in text
    assert "内部备注" not in report.files[0].unused_columns
    assert [s for s in SECRETS if s in text + repr(all_rows(db_path))] == []


@pytest.mark.parametrize("header, personal", [
    ("留言用户", True), ("用户ID", True), ("账号", True), ("用户名", True), ("家庭地址", True), ("Address", True),
    ("Incident Address", True), ("Street Name", True), ("Cross Street 1", True), ("Caller Name", True),
    ("Name", True), ("Phone Number", True), ("E-mail", True), ("Contact Info", True), ("承办人", True),
    ("Agency Name", False), ("Complaint Type", False), ("Location Type", False), ("承办单位", False),
    ("受理时间", False), ("Borough", False),
])
def test_personal_headers_are_recognised_in_chinese_and_english(header, personal):
    assert personal_header(header) is personal
