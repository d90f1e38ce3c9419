"""Personal data in exports (names, phone and ID numbers, addresses) never reaches the database or quarantine."""

from __future__ import annotations

import re

import pytest

from minyi import db
from minyi.ingest.mapping import load_mapping
from minyi.ingest.summary import report_text
from tests.export_files import all_rows, cases_by_id, import_into, write_csv

HEADER = ["工单编号", "受理时间", "所属乡镇", "诉求内容", "来电人", "联系电话", "身份证号", "家庭住址", "回访结果"]
ROWS = [
    ["G1", "2024-03-01 09:00", "新棉镇",
     "市民欧阳娜娜来电，手机13812345678，身份证号11010519491231002X，座机0571-87654321，反映楼下噪音",
     "欧阳娜娜", "13812345678", "11010519491231002X", "新棉镇幸福路8号", "满意"],
    ["G2", "2024-03-02 09:00", "城关镇", "我是司马光，电话139-0011-2233，路灯不亮",  # rejected: 回访结果 很好
     "司马光", "13900112233", "110105198001011234", "城关镇和平街12号", "很好"],
]
SECRETS = ["欧阳娜娜", "13812345678", "11010519491231002X", "87654321", "幸福路",
           "司马光", "13900112233", "0011-2233", "110105198001011234", "和平街"]


@pytest.fixture
def imported(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [write_csv(tmp_path / "工单.csv", HEADER, ROWS)])
    return db_path, report


def test_no_column_for_personal_data(imported):
    db_path, _ = imported
    con = db.open_reader(db_path)
    try:
        columns = [name for (name,) in con.execute("select column_name from information_schema.columns").fetchall()]
    finally:
        con.close()
    assert "summary" in columns  # the query does see the tables
    assert [c for c in columns if re.search(r"姓名|电话|身份证|住址|来电人|person|phone|id_card|address", c)] == []


def test_no_stored_value_contains_personal_data(imported):
    db_path, report = imported
    assert report.files[0].rows_new == 1 and report.files[0].rows_rejected == 1
    text = repr(all_rows(db_path))
    assert "反映楼下噪音" in text  # the summary is there, scrubbed
    assert [secret for secret in SECRETS if secret in text] == []


def test_summary_keeps_its_meaning_with_personal_data_masked(imported):
    db_path, _ = imported
    assert cases_by_id(db_path)["G1"]["summary"] == (
        "市民[姓名]来电，手机[手机号]，身份证号[身份证号]，座机[电话]，反映楼下噪音"
    )


def test_quarantine_and_report_leave_personal_data_out(imported):
    _, report = imported
    (quarantine_file,) = report.quarantine_dir.glob("*.csv")
    quarantined = quarantine_file.read_text(encoding="utf-8-sig")
    assert "我是[姓名]，电话[手机号]，路灯不亮" in quarantined
    assert quarantined.splitlines()[0] == "行号,原因,工单编号,受理时间,所属乡镇,诉求内容,回访结果"
    assert [secret for secret in SECRETS if secret in quarantined] == []
    text = report_text(report)
    assert set(report.files[0].personal_columns) == {"来电人", "联系电话", "身份证号", "家庭住址"}
    assert "含个人信息的列未导入：" in text
    assert [secret for secret in SECRETS if secret in text] == []


SUMMARIES = [
    ("联系电话13812345678，路灯坏了", "联系电话[手机号]，路灯坏了"),
    ("手机：138-1234-5678", "手机：[手机号]"),
    ("请回电+86 138 1234 5678谢谢", "请回电[手机号]谢谢"),
    ("座机0571-87654321", "座机[电话]"),
    ("电话：87654321", "电话：[电话]"),
    ("身份证110105194912310021办证难", "身份证[身份证号]办证难"),
    ("老身份证110105491231002", "老身份证[身份证号]"),
    ("诉求人王五称工程款2500000元未付", "诉求人[姓名]称工程款2500000元未付"),
    # shapes that stayed before: a birth date no calendar has, digits glued to letters, other kinds
    ("身份证110105999913450021补办", "身份证[身份证号]补办"),
    ("tel13912345672ok", "tel[手机号]ok"),
    ("回拨23456789012请回电", "回拨[电话]请回电"),
    ("邮箱zhang.san@example.invalid", "邮箱[邮箱]"),
    ("退款到卡6222 0212 3456 7890 123", "退款到卡[银行卡号]"),
    ("QQ号：123456789，微信：wx_zhangsan2024", "QQ号：[QQ号]，微信：[微信号]"),
    ("13812345678、13912345678两个号码", "[手机号]、[手机号]两个号码"),
    ("联系电话为88886666，QQ号是12345678", "联系电话为[电话]，QQ号是[QQ号]"),
    ("身份证110101 1990 0101 123X", "身份证[身份证号]"),
    ("办理期间20230101-20231231，发票号码12345678", "办理期间20230101-20231231，发票号码12345678"),
    ("2024年3月5日10点，第2024001号文件，金额12345元", "2024年3月5日10点，第2024001号文件，金额12345元"),
]


def test_phone_id_and_name_forms_are_masked(tmp_path):
    rows = [[f"G{i}", "2024-03-01", text, "王五"] for i, (text, _) in enumerate(SUMMARIES)]
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "诉求内容", "姓名"], rows)])
    cases = cases_by_id(db_path)
    assert [cases[f"G{i}"]["summary"] for i in range(len(SUMMARIES))] == [masked for _, masked in SUMMARIES]


def test_malformed_line_is_not_quoted_when_its_summary_may_hold_a_phone_number(tmp_path):
    """A line with an unquoted comma in its text cannot be split, so its phone number cannot be masked."""
    export = tmp_path / "工单.csv"
    export.write_text("工单编号,受理时间,诉求内容\r\nG1,2024-03-01,噪音\r\n"
                      "G2,2024-03-01,来电人手机13812345678,反映路灯坏了\r\n", encoding="utf-8")
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert report.files[0].reasons == {"column_count": 1}
    (quarantine_file,) = report.quarantine_dir.glob("*.csv")
    quarantined = quarantine_file.read_text(encoding="utf-8-sig")
    text = report_text(report)
    assert "✗ 工单.csv 第3行：该行的列数与表头不一致：共 " in text
    assert quarantined.splitlines()[1].startswith("3,该行的列数与表头不一致：共 ")
    assert "13812345678" not in text and "13812345678" not in quarantined


def test_malformed_line_is_quoted_when_it_holds_no_free_text(tmp_path):
    export = tmp_path / "信访.csv"
    export.write_text("信访件编号,登记日期\r\nX1,2024-03-01\r\nX2,2024-03-01,多余\r\n", encoding="utf-8")
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert report.rejected[0].messages == ["信访.csv 第3行：该行的列数与表头不一致：X2,2024-03-01,多余"]


def test_quarantine_masks_numbers_and_names_in_every_column(tmp_path):
    header = ["工单编号", "受理时间", "来电人", "诉求内容", "回访结果", "备注", "Pick Up Location"]
    rows = [["Q1", "2024-03-01", "诸葛亮", "诸葛亮再次来电，回拨13812345678", "很好", "mary@y.org 212 555 0199",
             "7 Low St"]]
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [write_csv(tmp_path / "工单.csv", header, rows)])
    assert report.total("rows_rejected") == 1
    quarantine = "".join(p.read_text(encoding="utf-8-sig") for p in report.quarantine_dir.glob("*.csv"))
    assert "Q1" in quarantine and "回拨[手机号]" in quarantine and "[姓名]再次来电" in quarantine
    assert "13812345678" not in quarantine and "诸葛亮" not in quarantine
    # columns Minyi does not import stay out, whatever their header says
    assert "备注" not in quarantine and "mary@y.org" not in quarantine and "Low St" not in quarantine


def test_foreign_e_mails_and_phone_numbers_are_masked_in_texts(tmp_path):
    header = ["Unique Key", "Created Date", "Descriptor", "Resolution"]
    rows = [["U1", "2024-03-01", "Caller at mary@y.org, call back 212 555 0199 or +1 (646) 555-0101", "soon"]]
    mapping = tmp_path / "m.toml"
    mapping.write_text('source = "complaint"\n[columns]\n"Descriptor" = "summary"\n"Resolution" = "satisfaction"\n',
                       encoding="utf-8")
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [write_csv(tmp_path / "311.csv", header, rows)], mapping=load_mapping(mapping))
    assert report.total("rows_rejected") == 1  # "soon" is no callback answer
    quarantine = "".join(p.read_text(encoding="utf-8-sig") for p in report.quarantine_dir.glob("*.csv"))
    assert "Caller at [邮箱], call back [电话] or [电话]" in quarantine
