"""Exports of English-language systems (a 311 service-request export): headers, US dates, names."""

from __future__ import annotations

import datetime as dt

import pytest

from minyi.ingest.mapping import ExportError, load_mapping
from minyi.ingest.summary import report_text
from tests.export_files import cases_by_id, import_into, query, write_csv

T = dt.datetime

# A 311 export as a US city publishes it: English headers in its own order, month-first dates with
# seconds and AM/PM, an address column, two columns that could each be the district.
HEADER_311 = ["Unique Key", "Created Date", "Closed Date", "Agency", "Complaint Type", "Descriptor",
              "Incident Address", "Borough", "Council District", "Status", "Open Data Channel Type",
              "Resolution Description"]
ROWS_311 = [
    ["51000001", "01/01/2020 12:05:00 AM", "01/02/2020 03:30:15 PM", "Sanitation Bureau", "Noise",
     "Loud Music/Party", "120 MAPLE AVENUE", "North Side", "12", "Closed", "PHONE", "The police responded."],
    ["51000002", "01/13/2020 12:45:00 PM", "", "Department of Transportation", "Street Light Condition",
     "Street Light Out", "7 HARBOR ROAD", "Harbor  View", "4", "Open", "ONLINE", ""],
    ["51000003", "02/29/2020 11:59:59 PM", "03/01/2020 08:00:00 AM", "Sanitation Bureau", "Dirty Conditions",
     "Trash", "9 ELM STREET", "North Side", "12", "Closed", "MOBILE", "Cleaned."],
]


def test_an_english_311_export_imports_with_its_us_times(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "311_requests.csv", HEADER_311, ROWS_311)
    report = import_into(db_path, [export])  # a 311 export's Complaint Type says it holds complaints
    assert report.files[0].source == "complaint"
    assert report.files[0].rows_new == 3 and report.files[0].rows_rejected == 0
    cases = cases_by_id(db_path)
    assert [(c["received_at"], c["closed_at"]) for c in cases.values()] == [
        (T(2020, 1, 1, 0, 5), T(2020, 1, 2, 15, 30, 15)),   # 12:05 AM is five past midnight
        (T(2020, 1, 13, 12, 45), None),                     # 12:45 PM is a quarter to one
        (T(2020, 2, 29, 23, 59, 59), T(2020, 3, 1, 8, 0)),
    ]
    first = cases["51000001"]
    assert (first["department"], first["category"], first["channel"], first["summary"]) == (
        "Sanitation Bureau", "Noise", "PHONE", "Loud Music/Party")
    assert report.files[0].personal_columns == ("Incident Address",)
    assert report.files[0].unused_columns == ("Council District", "Status", "Resolution Description")


def test_two_builtin_aliases_of_one_field_use_the_first_listed_and_warn(tmp_path):
    report = import_into(tmp_path / "db" / "m.duckdb", [write_csv(tmp_path / "311.csv", HEADER_311, ROWS_311)],
                         source="complaint")
    assert cases_by_id(tmp_path / "db" / "m.duckdb")["51000001"]["township"] == "North Side"  # Borough, not 12
    assert "311.csv：列「Borough」和「Council District」都可作为 township（乡镇（街道）），已使用「Borough」" in report_text(report)


def test_two_chinese_aliases_of_one_field_are_not_silent(tmp_path):
    export = write_csv(tmp_path / "信访.csv", ["信访件编号", "登记日期", "受理时间"], [["X1", "2024-03-01", "2024-03-05"]])
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert cases_by_id(tmp_path / "db" / "m.duckdb")["X1"]["received_at"] == T(2024, 3, 5)  # 受理时间 is listed first
    assert report.files[0].unused_columns == ("登记日期",)
    assert ("信访.csv：列「受理时间」和「登记日期」都可作为 received_at（受理时间），已使用「受理时间」，「登记日期」未使用；"
            "如应使用后者，请在映射文件 [columns] 中写 \"登记日期\" = \"received_at\"") in report.warnings


def test_headers_match_whatever_their_case_and_spacing(tmp_path):
    export = write_csv(tmp_path / "export.csv", ["CASE ID", "created  date", "closed date"],
                       [["C1", "2024-03-01 08:00", "2024-03-02 09:00"]])
    import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint")
    assert cases_by_id(tmp_path / "db" / "m.duckdb")["C1"]["closed_at"] == T(2024, 3, 2, 9)


def test_a_day_first_column_is_read_day_first_and_so_is_its_ambiguous_neighbour(tmp_path):
    """31/01 can only be day-first; the closure column (all ambiguous) follows the file's order."""
    rows = [["E1", "31/01/2024 14:00", "02/02/2024 10:00"], ["E2", "05/02/2024 09:00", "06/02/2024 10:00"]]
    export = write_csv(tmp_path / "uk.csv", ["Case ID", "Opened", "Closed"], rows)
    report = import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint")
    cases = cases_by_id(tmp_path / "db" / "m.duckdb")
    assert [(c["received_at"], c["closed_at"]) for c in cases.values()] == [
        (T(2024, 1, 31, 14), T(2024, 2, 2, 10)), (T(2024, 2, 5, 9), T(2024, 2, 6, 10))]
    assert not [w for w in report.warnings if "月/日/年" in w]


def test_a_month_first_column_decides_by_a_second_part_over_12(tmp_path):
    rows = [["U1", "01/13/2024", "02/01/2024"], ["U2", "02/03/2024", ""]]
    export = write_csv(tmp_path / "us.csv", ["Case ID", "Opened", "Closed"], rows)
    import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint")
    cases = cases_by_id(tmp_path / "db" / "m.duckdb")
    assert cases["U1"]["closed_at"] == T(2024, 2, 1) and cases["U2"]["received_at"] == T(2024, 2, 3)


def test_an_undecidable_order_is_read_month_first_with_a_warning_naming_the_override(tmp_path):
    export = write_csv(tmp_path / "ambiguous.csv", ["Case ID", "Opened"], [["A1", "03/04/2024 10:00:00 AM"]])
    report = import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint")
    assert cases_by_id(tmp_path / "db" / "m.duckdb")["A1"]["received_at"] == T(2024, 3, 4, 10)
    assert ("ambiguous.csv：「Opened」的日期都写成“01/02/2020”这样、无法判断月和日的先后，已按“月/日/年”读取；"
            "如应为“日/月/年”，请在映射文件中写 [formats] received_at = \"%d/%m/%Y %H:%M:%S\"（按实际格式）") in report.warnings
    assert "[formats] received_at" in report_text(report)


def test_a_mapping_format_decides_the_order_and_is_the_only_format_tried(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[formats]\nreceived_at = "%d/%m/%Y %I:%M:%S %p"\nclosed_at = "%Y%m%d"\n', encoding="utf-8")
    rows = [["A1", "03/04/2024 10:00:00 PM", "20240405"], ["A2", "2024-04-03 10:00", ""]]
    export = write_csv(tmp_path / "m.csv", ["Case ID", "Opened", "Closed"], rows)
    report = import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint", mapping=load_mapping(mapping))
    assert cases_by_id(tmp_path / "db" / "m.duckdb")["A1"]["received_at"] == T(2024, 4, 3, 22)
    assert cases_by_id(tmp_path / "db" / "m.duckdb")["A1"]["closed_at"] == T(2024, 4, 5)
    assert report.files[0].rows_rejected == 1  # A2 does not follow the named format
    assert report.rejected[0].messages == ["m.csv 第3行：「Opened」的日期「2024-04-03 10:00」无法识别"]
    assert not [w for w in report.warnings if "月/日/年" in w]


@pytest.mark.parametrize("text, complaint", [
    ('[formats]\nreceived = "%Y-%m-%d"\n', "[formats] 只能为 received_at、closed_at、deadline、survey_date、found_at"),
    ('[formats]\nreceived_at = "%m/%d/%Q"\n', "[formats] received_at 的格式「%m/%d/%Q」无法使用"),
    ('[formats]\nclosed_at = "%m/%d"\n', "[formats] closed_at 的格式「%m/%d」无法使用"),
])
def test_a_wrong_format_is_refused_when_the_mapping_is_loaded(tmp_path, text, complaint):
    mapping = tmp_path / "m.toml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(ExportError, match="映射文件") as error:
        load_mapping(mapping)
    assert complaint in str(error.value)


def test_names_keep_their_spaces_and_spelling_variants_meet(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    rows = [
        ["N1", "2024-03-01", "Sanitation Bureau", "North Side"],
        ["N2", "2024-03-01", "Sanitation  Bureau ", "north side"],
        ["N3", "2024-03-01", "SANITATION BUREAU", "NorthSide"],
        ["N4", "2024-03-01", "Ｓａｎｉｔａｔｉｏｎ　Ｂｕｒｅａｕ", "North Side"],
        ["N5", "2024-03-01", "Parks Department", "Harbor View"],
    ]
    import_into(db_path, [write_csv(tmp_path / "a.csv", ["Case ID", "Opened", "Agency", "Neighborhood"], rows)],
                source="complaint")
    later = [["N6", "2024-03-02", "sanitation bureau", "HARBOR VIEW"]]
    import_into(db_path, [write_csv(tmp_path / "b.csv", ["Case ID", "Opened", "Agency", "Neighborhood"], later)],
                source="complaint")
    assert query(db_path, "select department, township, count(*) from cases group by all order by all") == [
        ("Parks Department", "Harbor View", 1),
        ("Sanitation Bureau", "Harbor View", 1),
        ("Sanitation Bureau", "North Side", 4),
    ]
    assert query(db_path, "select township from townships order by 1") == [("Harbor View",), ("North Side",)]


def test_survey_dates_follow_the_same_rules(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[formats]\nsurvey_date = "%d.%m.%Y"\n', encoding="utf-8")
    header = ["测评名称", "测评日期", "测评项目", "评价", "票数"]
    day_first = write_csv(tmp_path / "a.csv", header, [["年度测评", "25/12/2024", "服务态度", "满意", "3"],
                                                       ["年度测评", "05/12/2024", "服务态度", "不满意", "1"]])
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [day_first])
    assert query(db_path, "select survey_date, votes from survey_responses order by votes") == [
        (dt.date(2024, 12, 5), 1), (dt.date(2024, 12, 25), 3)]
    named = write_csv(tmp_path / "b.csv", header, [["季度测评", "03.04.2024", "办事效率", "满意", "2"]])
    import_into(db_path, [named], mapping=load_mapping(mapping))
    assert query(db_path, "select survey_date from survey_responses where survey_name = '季度测评'") == [
        (dt.date(2024, 4, 3),)]
