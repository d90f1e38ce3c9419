"""Each rejection reason names file, sheet row and the export's own column header, and lands in quarantine.

The fixture uses header spellings other than Minyi's labels (受理日期, 结案时间, 满意度评价, ...), so a
message quoting the label instead of the analyst's column would fail.
"""

from __future__ import annotations

import datetime as dt

import pytest

from minyi.ingest.messages import REASONS
from minyi.ingest.summary import report_text
from tests.export_files import cases_by_id, import_into, query, read_quarantine, write_csv, write_xlsx

HEADER = ["诉求编号", "受理日期", "所属乡镇", "办理期限", "结案时间", "满意度评价", "重复件"]
ROWS = [
    ["C01", "2024-03-01", "新棉镇", None, "2024-03-05", "满意", "否"],             # row 2: accepted
    ["C02", "2024-03-05 10:00", "新棉镇", None, "2024-03-04 16:00", "满意", "否"],  # row 3
    ["C03", "2026-07-15", "新棉镇", None, None, None, None],                       # row 4 (NOW is 2026-06-30)
    ["C04", "2024-02-30", "新棉镇", None, None, None, None],                       # row 5
    [None, "2024-03-01", "新棉镇", None, None, None, None],                         # row 6
    ["C06", None, "新棉镇", None, None, None, None],                               # row 7
    ["C07", "2024-03-01", "新棉镇", None, "2024-03-02", "还行吧", "否"],            # row 8
    ["C08", "2024-03-01", "新棉镇", None, None, None, "可能"],                      # row 9
    ["C09", "2024-03-01", "新棉镇", "尽快", None, None, None],                      # row 10
    ["C10", "2024-03-01", "新棉镇", None, None, None, None],                        # row 11
    ["C10", "2024-03-02", "城关镇", None, None, None, None],                        # row 12: accepted, wins
    ["C12", "1989-12-31", "新棉镇", None, None, None, None],                       # row 13
    ["C13", "2024-03-01", "新棉镇", "2024-02-01", None, None, None],               # row 14
    ["C14", "2024-03-01 15:00", "新棉镇", None, "2024-03-01", None, None],         # row 15: closed that day (no time), accepted
]
MALFORMED_LINE = "C11,2024-03-01,城关镇"  # row 16: three fields under a seven-column header

# (sheet row, reason code, column header quoted, value quoted)
EXPECTED = [
    (3, "closed_before_received", "结案时间", "2024-03-04 16:00"),
    (4, "future", "受理日期", "2026-07-15"),
    (5, "bad_date", "受理日期", "2024-02-30"),
    (6, "missing", "诉求编号", None),
    (7, "missing", "受理日期", None),
    (8, "unknown_value", "满意度评价", "还行吧"),
    (9, "unknown_value", "重复件", "可能"),
    (10, "bad_deadline", "办理期限", "尽快"),
    (11, "duplicate_in_file", None, "第12行"),
    (13, "too_early", "受理日期", "1989-12-31"),
    (14, "deadline_before_received", "办理期限", "2024-02-01"),
    (16, "column_count", None, None),
]


@pytest.fixture(scope="module")
def rejected_import(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rejections")
    export = write_csv(folder / "诉求.csv", HEADER, ROWS)
    with open(export, "a", encoding="utf-8", newline="") as handle:
        handle.write(MALFORMED_LINE + "\r\n")
    db_path = folder / "db" / "m.duckdb"
    report = import_into(db_path, [export])
    return db_path, report


def test_only_valid_rows_are_stored(rejected_import):
    db_path, report = rejected_import
    cases = cases_by_id(db_path)
    assert sorted(cases) == ["C01", "C10", "C14"]
    assert cases["C10"]["township"] == "城关镇" and cases["C10"]["source_row"] == 12
    assert report.files[0].rows_rejected == len(EXPECTED)


@pytest.mark.parametrize(("row", "code", "column", "value"), EXPECTED, ids=[f"{e[1]}-row{e[0]}" for e in EXPECTED])
def test_message_names_file_row_and_column(rejected_import, row, code, column, value):
    _, report = rejected_import
    (batch,) = report.rejected
    message = batch.messages[batch.row_numbers.index(row)]
    assert message.startswith(f"诉求.csv 第{row}行：")
    if column is not None:
        assert f"「{column}」" in message
    if value is not None:
        assert value in message
    assert report.files[0].reasons[code] >= 1


@pytest.mark.parametrize(("row", "code", "column", "value"), EXPECTED, ids=[f"{e[1]}-row{e[0]}" for e in EXPECTED])
def test_quarantine_file_holds_row_and_reason(rejected_import, row, code, column, value):
    db_path, report = rejected_import
    assert report.quarantine_dir.parent == db_path.parent / "quarantine"
    rows = {int(r["行号"]): r for r in read_quarantine(report)["诉求.rejected.csv"]}
    assert sorted(rows) == [e[0] for e in EXPECTED]
    quarantined = rows[row]
    if column is not None:
        assert f"「{column}」" in quarantined["原因"]
    if value is not None:
        assert value in quarantined["原因"]
    if code != "column_count":  # the original cells come along, so the analyst can fix and re-import
        original = ROWS[row - 2]
        assert [quarantined[h] for h in HEADER] == ["" if c is None else c for c in original]


def test_summary_text_lists_reasons_and_quarantine_folder(rejected_import):
    _, report = rejected_import
    text = report_text(report)
    assert "拒收原因「办结早于受理」：1 处" in text
    assert "拒收原因「编号重复」：1 处" in text
    assert "✗ 诉求.csv 第9行：「重复件」的值「可能」无法识别" in text
    assert f"拒收的行已保存到：{report.quarantine_dir}" in text


def test_rejected_rows_are_recorded_in_imports(rejected_import):
    db_path, report = rejected_import
    assert query(db_path, "select rows_read, rows_new, rows_rejected, quarantine_file from imports") == [
        (len(ROWS) + 1, 3, len(EXPECTED), str(report.quarantine_dir))
    ]


def test_excel_row_numbers_count_title_and_header_rows(tmp_path):
    export = write_xlsx(tmp_path / "信访.xlsx", ["信访件编号", "登记日期"], [
        ["X1", dt.datetime(2024, 3, 1)],
        ["X2", "二〇二四年三月"],
    ], title="某县信访事项登记表")
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert report.rejected[0].messages == ["信访.xlsx 第4行：「登记日期」的日期「二〇二四年三月」无法识别"]


def test_csv_row_numbers_count_blank_lines(tmp_path):
    """A spreadsheet shows a blank line as a row, so the rows after it keep their numbers."""
    export = tmp_path / "信访.csv"
    export.write_text("信访件编号,登记日期\r\nX1,2024-03-01\r\n\r\nX2,2024-03-02\r\nX3,不详\r\n", encoding="utf-8")
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert report.rejected[0].messages == ["信访.csv 第5行：「登记日期」的日期「不详」无法识别"]
    assert "可在映射文件的 [formats] 中按字段指明写法" in report_text(report)  # once per file, not per row
    assert query(tmp_path / "db" / "m.duckdb", "select case_id, source_row from cases order by 1") == [
        ("X1", 2), ("X2", 4)
    ]


def test_missing_calendar_is_a_rejection_not_a_silent_null_deadline(tmp_path, monkeypatch):
    """If the working-day calendar does not cover a complaint, the row is refused, never stored without a deadline."""
    monkeypatch.setattr("minyi.ingest.pipeline._ensure_calendar", lambda *arguments: [])
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "办理时限"], [
        ["G1", "2024-03-01", None],
        ["G2", "2024-03-01", "2024-03-08"],
    ])
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert report.files[0].reasons == {"calendar_gap": 1}
    assert report.rejected[0].messages == ["工单.csv 第2行：无法按规则计算办理时限（受理时间「2024-03-01」）"]


def test_every_reason_has_a_test():
    """Reasons exercised here, in test_import_survey.py (bad_number, bad_count), test_scoped_import.py
    (out_of_scope), test_grid.py (closed_before_reported), test_service_lists.py (bad_year, repeated_in_file), above
    (calendar_gap), below (precision_lost_id) and in test_assessment_import.py (the 考核手工评分表's)."""
    assessment = {"above_max", "bad_period", "unknown_unit", "unknown_item", "unknown_level", "other_rules",
                  "not_entered", "repeated_entry", "points_on_votes"}
    tested = {e[1] for e in EXPECTED} | {"calendar_gap", "bad_number", "bad_count", "precision_lost_id", "out_of_scope",
                                         "closed_before_reported", "bad_year", "repeated_in_file"} | assessment
    assert tested == set(REASONS)


def test_a_repeated_id_keeps_its_last_acceptable_row(tmp_path):
    rows = [
        ["D1", "2024-03-01", "新棉镇", None, "2024-03-04", "满意", "否"],   # row 2: the last acceptable D1, wins
        ["D1", "2024-03-02", "城关镇", None, None, "还行吧", "否"],          # row 3: rejected for its own value
    ]
    report = import_into(tmp_path / "db" / "m.duckdb", [write_csv(tmp_path / "诉求.csv", HEADER, rows)])
    assert cases_by_id(tmp_path / "db" / "m.duckdb")["D1"]["township"] == "新棉镇"
    (batch,) = report.rejected
    assert batch.row_numbers == [3] and "还行吧" in batch.messages[0]


def test_an_id_excel_turned_into_a_rounded_number_is_rejected(tmp_path):
    """18-digit ids typed into Excel as numbers lose their last digits; so do ids re-saved as 2.01210E+11."""
    export = write_xlsx(tmp_path / "诉求.xlsx", ["诉求编号", "受理日期"], [
        [float(320101201210150001), "2024-03-01"],  # Excel stores numbers as doubles: digits already lost
        ["2.01210E+11", "2024-03-01"],
        ["320101201210150002", "2024-03-01"],  # typed as text: kept exactly
    ])
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    (batch,) = report.rejected
    assert batch.row_numbers == [2, 3]
    assert all("Excel 已丢失精度" in message and "「诉求编号」" in message for message in batch.messages)
    assert list(cases_by_id(tmp_path / "db" / "m.duckdb")) == ["320101201210150002"]
    assert "320101201210150002" not in "".join(batch.messages)


def test_rejected_rows_download_as_xlsx_with_their_cells_and_reasons(rejected_import):
    import io

    import openpyxl

    from minyi.ingest.quarantine import rejected_xlsx

    _, report = rejected_import
    page = openpyxl.load_workbook(io.BytesIO(rejected_xlsx(report.quarantine_dir / "诉求.rejected.csv")[0])).active
    rows = list(page.iter_rows(values_only=True))
    assert rows[0][:3] == ("行号", "原因", "诉求编号")
    assert len(rows) - 1 == len(EXPECTED)
    row_8 = next(row for row in rows[1:] if row[0] == "8")
    assert row_8[2] == "C07" and "还行吧" in row_8[1]
