"""Mapping files for exports with odd headers and spellings, and township/department aliases."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from minyi.ingest.mapping import ExportError, load_mapping
from tests.export_files import cases_by_id, import_into, query, write_csv, write_xlsx

MAPPING = """
kind = "cases"
source = "complaint"
ignore = ["操作员"]

[columns]
"单号" = "case_id"
"收到日期" = "received_at"
"所在镇" = "township"
"主办科室" = "department"
"评价" = "satisfaction"
"二次来电" = "is_repeat"

[values.satisfaction]
"五星" = "满意"

[values.is_repeat]
"二次" = "true"

[township_aliases]
"城关" = "城关街道"

[department_aliases]
"公安" = "县公安局"
"""
HEADER = ["单号", "收到日期", "所在镇", "主办科室", "评价", "二次来电", "操作员", "备注"]
ROWS = [
    ["M1", "2024-03-01", "新棉", "公安", "五星", "二次", "小王", "催办"],
    ["M2", "2024-03-02", "新棉镇", "县公安局", "满意", "否", "小王", None],
    ["M3", "2024-03-03", "城关", "公安局", None, None, "小李", None],
]


@pytest.fixture
def mapping_file(tmp_path):
    path = tmp_path / "映射.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def test_mapping_maps_odd_headers_values_and_aliases(tmp_path, mapping_file):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "导出.csv", HEADER, ROWS)
    report = import_into(db_path, [export], mapping=load_mapping(mapping_file))
    item = report.files[0]
    assert (item.source, item.rows_new, item.rows_rejected) == ("complaint", 3, 0)
    assert item.unused_columns == ("备注",)  # 操作员 is ignored silently
    stored = {k: (v["township"], v["department"], v["satisfaction"], v["is_repeat"])
              for k, v in cases_by_id(db_path).items()}
    assert stored == {
        "M1": ("新棉镇", "县公安局", "满意", True),
        "M2": ("新棉镇", "县公安局", "满意", False),
        "M3": ("城关街道", "县公安局", "未回访", False),
    }
    assert query(db_path, "select township, kind from townships order by 1") == [("城关街道", "街道"), ("新棉镇", "镇")]
    assert query(db_path, "select department from departments") == [("县公安局",)]


def test_same_export_without_mapping_fails_listing_unknown_and_missing_columns(tmp_path):
    export = write_csv(tmp_path / "导出.csv", HEADER, ROWS)
    with pytest.raises(ExportError) as error:
        import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint")
    message = str(error.value)
    assert message.startswith("文件 导出.csv：找不到必需的列 case_id（编号）、received_at（受理时间）。")
    assert "未识别的列：单号、收到日期、所在镇、主办科室、评价、二次来电、操作员、备注" in message
    assert "--mapping" in message
    assert not (tmp_path / "db" / "m.duckdb").exists()


def test_township_spellings_with_and_without_suffix_are_one_township(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "所属乡镇", "承办单位"], [
        ["G1", "2024-03-01", "新棉", "住建局"],
        ["G2", "2024-03-01", "新棉镇", "县住建局"],
        ["G3", "2024-03-01", "新 棉 镇", "县住建局"],
        ["G4", "2024-03-01", "城关街道", "县城管局"],
    ])
    import_into(db_path, [export])
    later = write_csv(tmp_path / "工单2.csv", ["工单编号", "受理时间", "所属乡镇"], [["G5", "2024-03-02", "新棉"]])
    import_into(db_path, [later])
    assert query(db_path, "select township from townships order by 1") == [("城关街道",), ("新棉镇",)]
    assert query(db_path, "select township, count(*) from cases group by 1 order by 1") == [
        ("城关街道", 1), ("新棉镇", 4)
    ]
    assert query(db_path, "select case_id, department from cases where case_id <= 'G4' order by 1") == [
        ("G1", "县住建局"), ("G2", "县住建局"), ("G3", "县住建局"), ("G4", "县城管局")
    ]


def test_sheet_and_header_row_from_mapping(tmp_path):
    """header_row settles a two-row header whose lower row names nothing Minyi knows (a tie for detection)."""
    export = write_xlsx(tmp_path / "导出.xlsx", ["说明：本表由系统导出"], [], sheet="说明")
    book = openpyxl.load_workbook(export)
    ws = book.create_sheet("工单明细")
    ws.append(["2024年3月工单"])
    ws.append(["单号", "收到日期", "处理情况", None])
    ws.append([None, None, "处理结果", "经办人员"])
    ws.append(["M1", dt.datetime(2024, 3, 1, 8, 30), "已答复", "小王"])
    for cells in ("A2:A3", "B2:B3", "C2:D2"):
        ws.merge_cells(cells)
    book.save(export)
    mapping = tmp_path / "映射.toml"
    mapping.write_text('sheet = "工单明细"\nheader_row = 3\n' + MAPPING, encoding="utf-8")
    db_path = tmp_path / "db" / "m.duckdb"
    item = import_into(db_path, [export], mapping=load_mapping(mapping)).files[0]
    assert (item.rows_read, item.rows_rejected, item.unused_columns) == (1, 0, ("处理结果", "经办人员"))
    case = cases_by_id(db_path)["M1"]
    assert (case["received_at"], case["source_row"]) == (dt.datetime(2024, 3, 1, 8, 30), 4)


def test_mapping_headers_help_find_the_header_row_under_a_title(tmp_path, mapping_file):
    """Headers known only through the mapping still identify the header row below a title."""
    # 单号, 收到日期, 所在镇, 主办科室: none of them is a built-in header.
    export = write_csv(tmp_path / "导出.csv", HEADER[:4], [row[:4] for row in ROWS], title="2024年3月工单导出")
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [export], mapping=load_mapping(mapping_file))
    assert (report.files[0].rows_new, report.files[0].rows_rejected) == (3, 0)
    assert query(db_path, "select min(source_row) from cases") == [(3,)]


@pytest.mark.parametrize(("text", "complaint"), [
    ('kind = "cases"\nsource = "12345"\n', "source 应为 petition 或 complaint，而不是「12345」"),
    ('kind = "letters"\n', "kind 应为 cases、survey、grid、service、consultation、catalogue、assessment 之一，而不是「letters」"),
    ('[columns]\n"单号" = "case_number"\n', "[columns] 中的字段名不存在：单号 = case_number"),
    ('[columns\n', "无法读取"),
])
def test_broken_mapping_file_is_explained(tmp_path, text, complaint):
    path = tmp_path / "映射.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExportError, match="映射文件 .*映射.toml") as error:
        load_mapping(path)
    assert complaint in str(error.value)


@pytest.mark.parametrize("section, message", [
    ('[values.satisfaction]\n"五星" = "好评"\n', "好评"),
    ('[values.is_repeat]\n"二次" = true\n', "二次"),
    ('[values.colour]\n"红" = "red"\n', "values.colour"),
])
def test_mapping_values_must_be_canonical(tmp_path, section, message):
    path = tmp_path / "bad.toml"
    path.write_text('kind = "cases"\n' + section, encoding="utf-8")
    with pytest.raises(ExportError) as raised:
        load_mapping(path)
    assert message in str(raised.value) and "bad.toml" in str(raised.value)
