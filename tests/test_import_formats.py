"""Every export format and encoding counties send is read into the same cases, and every date form parses."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from tests.export_files import (
    COMPLAINT_HEADER,
    cases_by_id,
    import_into,
    read_quarantine,
    write_csv,
    write_parquet,
    write_xls,
    write_xlsx,
    write_xlsx_two_row_header,
)

# Two complaints, as typed cells: G1 closed and rated, its deadline from the 5-working-day rule
# (2024-03-01 is a Friday: Mar 4..8 are the five working days); G2 with a deadline in the export.
TYPED_ROWS = [
    ["G1", dt.datetime(2024, 3, 1, 9, 0), "新棉镇", "县住建局", "城乡建设", "路灯不亮", "张三", "13812345678",
     None, dt.datetime(2024, 3, 4, 10, 0), "满意", "否"],
    ["G2", dt.datetime(2024, 3, 4, 14, 30), "城关镇", "县城管局", "市容环境", "夜间施工噪音", "李四", "13900001111",
     dt.datetime(2024, 3, 6), None, "基本满意", "是"],
]
EXPECTED = {
    "G1": {"township": "新棉镇", "received_at": dt.datetime(2024, 3, 1, 9, 0), "deadline": dt.date(2024, 3, 8),
           "deadline_basis": "rule", "closed_at": dt.datetime(2024, 3, 4, 10, 0), "satisfaction": "满意",
           "is_repeat": False, "department": "县住建局", "source": "complaint"},
    "G2": {"township": "城关镇", "received_at": dt.datetime(2024, 3, 4, 14, 30), "deadline": dt.date(2024, 3, 6),
           "deadline_basis": "export", "closed_at": None, "satisfaction": "基本满意",
           "is_repeat": True, "department": "县城管局", "source": "complaint"},
}


def text_rows(township_g1: str = "新棉镇") -> list[list[str | None]]:
    """TYPED_ROWS as a CSV export writes them."""
    rows = []
    for row in TYPED_ROWS:
        cells = [cell.strftime("%Y-%m-%d %H:%M") if isinstance(cell, dt.datetime) else cell for cell in row]
        rows.append(cells)
    rows[0][2] = township_g1
    rows[1][8] = "2024-03-06"
    return rows


def assert_imported(db_path, expected=EXPECTED):
    cases = cases_by_id(db_path)
    assert set(cases) == set(expected)
    for case_id, values in expected.items():
        assert {name: cases[case_id][name] for name in values} == values, case_id


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_each_encoding(tmp_path, encoding):
    export = write_csv(tmp_path / "工单.csv", COMPLAINT_HEADER, text_rows(), encoding=encoding)
    if encoding == "utf-8-sig":
        assert export.read_bytes().startswith(b"\xef\xbb\xbf")
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert report.files[0].rows_new == 2
    assert_imported(tmp_path / "db" / "m.duckdb")


def test_gb18030_csv_keeps_characters_outside_gbk(tmp_path):
    township = "𬇙水镇"  # 𬇙 is a place-name character that GBK cannot encode
    with pytest.raises(UnicodeEncodeError):
        township.encode("gbk")
    export = write_csv(tmp_path / "工单.csv", COMPLAINT_HEADER, text_rows(township), encoding="gb18030")
    import_into(tmp_path / "db" / "m.duckdb", [export])
    expected = {**EXPECTED, "G1": {**EXPECTED["G1"], "township": township}}
    assert_imported(tmp_path / "db" / "m.duckdb", expected)


def test_csv_with_title_line_above_the_header(tmp_path):
    export = write_csv(tmp_path / "工单.csv", COMPLAINT_HEADER, text_rows(), title="某县12345工单导出")
    import_into(tmp_path / "db" / "m.duckdb", [export])
    assert_imported(tmp_path / "db" / "m.duckdb")


def test_xlsx_with_title_row(tmp_path):
    export = write_xlsx(tmp_path / "工单.xlsx", COMPLAINT_HEADER, TYPED_ROWS, title="某县12345热线工单明细")
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert report.files[0].rows_read == 2
    assert_imported(tmp_path / "db" / "m.duckdb")


def test_xls_written_by_an_old_system(tmp_path):
    export = write_xls(tmp_path / "工单.xls", COMPLAINT_HEADER, TYPED_ROWS, title="某县12345热线工单明细")
    import_into(tmp_path / "db" / "m.duckdb", [export])
    assert_imported(tmp_path / "db" / "m.duckdb")


def test_xlsx_two_row_header_with_merged_cells(tmp_path):
    export = write_xlsx_two_row_header(tmp_path / "工单.xlsx", [
        ["G1", dt.datetime(2024, 3, 1, 9, 0), "新棉镇", None, dt.datetime(2024, 3, 4, 10, 0), "满意", "张三"],
        ["G2", dt.datetime(2024, 3, 4, 14, 30), "城关镇", dt.datetime(2024, 3, 6), None, "基本满意", "李四"],
        ["G3", "2024-03-05", "城关镇", None, None, "很好", "王五"],
    ])
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [export])
    item = report.files[0]
    # The sub-header row (办结时间/回访结果) is part of the header, not a data row.
    assert (item.rows_read, item.rows_new, item.rows_rejected) == (3, 2, 1)
    assert item.personal_columns == ("来电人",)
    keep = ("township", "received_at", "deadline", "closed_at", "satisfaction")
    assert_imported(db_path, {"G1": {k: EXPECTED["G1"][k] for k in keep},
                              "G2": {k: EXPECTED["G2"][k] for k in keep}})
    # Data starts on sheet row 4, so G3 is row 6; the message quotes the lower header cell.
    assert report.rejected[0].messages == ["工单.xlsx 第6行：「回访结果」的值「很好」无法识别，可在映射文件的 [values.satisfaction] 中说明它的含义"]
    (quarantined,) = read_quarantine(report)["工单.rejected.csv"]
    assert quarantined["行号"] == "6" and quarantined["回访结果"] == "很好"


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_parquet_with_timestamp_columns(tmp_path, unit):
    export = write_parquet(tmp_path / "工单.parquet", {
        "工单编号": pa.array(["G1", "G2"]),
        "受理时间": pa.array([dt.datetime(2024, 3, 1, 9, 0), dt.datetime(2024, 3, 4, 14, 30)], pa.timestamp(unit)),
        "所属乡镇": pa.array(["新棉镇", "城关镇"]),
        "承办单位": pa.array(["县住建局", "县城管局"]),
        "办理时限": pa.array([None, dt.date(2024, 3, 6)], pa.date32()),
        "办结时间": pa.array([dt.datetime(2024, 3, 4, 10, 0), None], pa.timestamp(unit)),
        "回访结果": pa.array(["满意", "基本满意"]),
        "是否重复件": pa.array([False, True]),
    })
    report = import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint")
    assert report.files[0].rows_rejected == 0
    assert_imported(tmp_path / "db" / "m.duckdb")


RECEIVED_FORMS = [
    ("2012-10-15", dt.datetime(2012, 10, 15)),
    ("2012/10/15 14:30", dt.datetime(2012, 10, 15, 14, 30)),
    ("2012年10月15日", dt.datetime(2012, 10, 15)),
    ("20121015", dt.datetime(2012, 10, 15)),
    ("41197", dt.datetime(2012, 10, 15)),  # Excel serial number typed as text: day 41197 = 2012-10-15
    ("41197.5", dt.datetime(2012, 10, 15, 12, 0)),
    ("２０１２年１０月１５日", dt.datetime(2012, 10, 15)),  # full-width digits typed with a Chinese IME
    ("2012/10/15 下午 02:30:00", dt.datetime(2012, 10, 15, 14, 30)),  # Chinese-locale Excel text
    ("2012/10/15 上午 11:30:00", dt.datetime(2012, 10, 15, 11, 30)),
    ("2012-10-15 下午12:10", dt.datetime(2012, 10, 15, 12, 10)),
    ("2012.1.5", dt.datetime(2012, 1, 5)),
    ("2012年10月15日 14时30分", dt.datetime(2012, 10, 15, 14, 30)),
    ("20121015143000", dt.datetime(2012, 10, 15, 14, 30)),
    ("2012-10-15T14:30:00+08:00", dt.datetime(2012, 10, 15, 14, 30)),
    ("2012/10/15 2:30 PM", dt.datetime(2012, 10, 15, 14, 30)),
    ("41197.6041666667", dt.datetime(2012, 10, 15, 14, 30)),  # a serial rounds to whole seconds
    ("2012/10/15 上午 12:30:00", dt.datetime(2012, 10, 15, 0, 30)),  # half past midnight
]


def test_date_forms_in_text(tmp_path):
    rows = [[f"X{i}", text, "新棉镇", "2012年10月16日"] for i, (text, _) in enumerate(RECEIVED_FORMS)]
    export = write_csv(tmp_path / "信访件.csv", ["信访件编号", "登记日期", "所属乡镇", "办结时间"], rows)
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [export])
    assert report.files[0].rows_rejected == 0
    cases = cases_by_id(db_path)
    assert {k: v["received_at"] for k, v in cases.items()} == {
        f"X{i}": expected for i, (_, expected) in enumerate(RECEIVED_FORMS)
    }
    assert {v["closed_at"] for v in cases.values()} == {dt.datetime(2012, 10, 16)}
    # A petition: received + 60 calendar days.
    assert cases["X0"]["deadline"] == dt.date(2012, 12, 14)


def test_excel_serial_numbers_as_numeric_and_text_cells(tmp_path):
    export = write_xlsx(tmp_path / "信访件.xlsx", ["信访件编号", "登记日期", "办结时间"], [
        ["X1", 41197, 41198.75],                      # numeric cells without a date format
        ["X2", "41197", "41198"],                     # the same numbers stored as text
        ["X3", dt.datetime(2012, 10, 15, 8, 5), dt.datetime(2012, 10, 16)],  # real date cells
    ])
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [export])
    cases = cases_by_id(db_path)
    assert {k: (v["received_at"], v["closed_at"]) for k, v in cases.items()} == {
        "X1": (dt.datetime(2012, 10, 15), dt.datetime(2012, 10, 16, 18, 0)),
        "X2": (dt.datetime(2012, 10, 15), dt.datetime(2012, 10, 16)),
        "X3": (dt.datetime(2012, 10, 15, 8, 5), dt.datetime(2012, 10, 16)),
    }
