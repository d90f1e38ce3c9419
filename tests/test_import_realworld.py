"""What real county exports throw at the importer, found by an independent review."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from minyi import config, snapshot_files
from minyi.__main__ import main
from minyi.ingest.mapping import ExportError, load_mapping
from minyi.ingest.pipeline import import_files
from tests.export_files import (
    cases_by_id, import_into, query, read_quarantine, write_csv, write_xlsx,
)

D = dt.date


def test_empty_markers_leave_a_case_open_instead_of_rejecting_it(tmp_path):
    rows = [[f"G{i}", "2024-03-01", marker, answer] for i, (marker, answer) in enumerate([
        ("—", "待评价"), ("/", "待回访"), ("未办结", None), ("办理中", None), ("NULL", None),
        ("0000-00-00 00:00:00", None), ("1900-01-01", None), ("无", None),
    ])]
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "办结时间", "回访结果"], rows)])
    assert report.files[0].rows_rejected == 0
    cases = cases_by_id(db_path)
    assert {c["closed_at"] for c in cases.values()} == {None}
    assert {c["satisfaction"] for c in cases.values()} == {"未回访"}


def test_a_mapping_may_declare_more_empty_markers(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('empty_values = ["尚未办结"]\n', encoding="utf-8")
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "办结时间"], [["G1", "2024-03-01", "尚未办结"]])
    report = import_into(tmp_path / "db" / "m.duckdb", [export], mapping=load_mapping(mapping))
    assert report.files[0].rows_rejected == 0


def test_personal_columns_are_dropped_even_when_ignored_or_unusually_named(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('ignore = ["户主姓名", "家庭住址"]\n', encoding="utf-8")
    header = ["工单编号", "受理时间", "来访人", "户籍地址", "被反映人", "户主姓名", "家庭住址", "主要内容", "回访结果"]
    rows = [["G1", "2024-03-01", "欧阳小明", "幸福路8号", "王小明", "王大锤", "和平街12号",
             "欧阳小明称邻居深夜施工，回电＋86 138-1234-5678、(0571)88886666，身份证110101 19900101 1234", "很好"]]
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [write_csv(tmp_path / "工单.csv", header, rows)], mapping=load_mapping(mapping))
    assert set(report.files[0].personal_columns) == {"来访人", "户籍地址", "被反映人", "户主姓名", "家庭住址"}
    quarantine = repr(read_quarantine(report))
    for secret in ("欧阳小明", "幸福路", "王小明", "王大锤", "和平街", "1234-5678", "88886666", "19900101"):
        assert secret not in quarantine
    assert "[姓名]称邻居" in quarantine and "[手机号]" in quarantine and "[电话]" in quarantine


def test_future_dates_are_judged_on_the_county_clock(tmp_path, monkeypatch):
    """A case received five minutes ago in Beijing is not 'in the future' on a server set to UTC."""
    monkeypatch.setenv("MINYI_TIMEZONE", "Asia/Shanghai")
    beijing = dt.datetime.now(ZoneInfo("Asia/Shanghai")) - dt.timedelta(minutes=5)
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], [["G1", f"{beijing:%Y-%m-%d %H:%M}"]])
    db_path = tmp_path / "db" / "m.duckdb"
    with snapshot_files.publishing(db_path) as con:
        report = import_files(con, [export])
    assert report.files[0].rows_rejected == 0
    assert abs(config.local_now() - beijing.replace(tzinfo=None)) < dt.timedelta(minutes=6)


def test_excel_protected_ids_match_the_plain_id(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    first = write_csv(tmp_path / "a.csv", ["工单编号", "受理时间"], [['="201210150002"', "2012-10-15"],
                                                                   ["'201210150003", "2012-10-15"]])
    second = write_csv(tmp_path / "b.csv", ["工单编号", "受理时间", "办结时间"],
                       [["201210150002", "2012-10-15", "2012-10-16"], ["201210150003", "2012-10-15", None]])
    import_into(db_path, [first])
    report = import_into(db_path, [second])
    assert sorted(cases_by_id(db_path)) == ["201210150002", "201210150003"]
    assert (report.files[0].rows_updated, report.files[0].rows_unchanged) == (1, 1)


def test_county_and_city_departments_stay_apart(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "承办单位"], [
        ["G1", "2024-03-01", "县公安局"], ["G2", "2024-03-01", "公安局"], ["G3", "2024-03-01", "市公安局"],
        ["G4", "2024-03-01", "县市场监管局"], ["G5", "2024-03-01", "市场监管局"],
    ])
    import_into(db_path, [export])
    assert {k: v["department"] for k, v in cases_by_id(db_path).items()} == {
        "G1": "县公安局", "G2": "县公安局", "G3": "市公安局", "G4": "县市场监管局", "G5": "县市场监管局",
    }


def test_an_alias_declared_later_merges_the_member_already_stored(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [write_csv(tmp_path / "a.csv", ["工单编号", "受理时间", "所属乡镇"], [["G1", "2024-03-01", "新棉"]])])
    mapping = tmp_path / "m.toml"
    mapping.write_text('[township_aliases]\n"新棉" = "新棉镇"\n', encoding="utf-8")
    export = write_csv(tmp_path / "b.csv", ["工单编号", "受理时间", "所属乡镇"], [["G2", "2024-03-02", "新棉镇"]])
    import_into(db_path, [export], mapping=load_mapping(mapping))
    assert query(db_path, "select township from townships") == [("新棉镇",)]
    assert {v["township"] for v in cases_by_id(db_path).values()} == {"新棉镇"}


def test_deadline_forms_of_real_exports(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    petitions = write_csv(tmp_path / "信访件.csv", ["信访件编号", "登记日期", "办理期限", "是否延期"], [
        ["X1", "2024-03-01", "60天", "是"],  # 90 days: 30 May 2024 (Thursday)
        ["X2", "2024-03-01", "60", None],    # a bare number counts the petition's own unit, days: 30 April
    ])
    complaints = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "办理时限"], [
        ["G1", "2024-03-01 10:00", "24小时"],    # one calendar day
        ["G2", "2024-03-01 10:00", "５个工作日"],  # full-width digit: Friday + 5 working days
        ["G3", "2024-03-01 10:00", "5"],         # a complaint's bare number is working days
    ])
    report = import_into(db_path, [petitions, complaints])
    assert report.total("rows_rejected") == 0
    deadlines = {k: v["deadline"] for k, v in cases_by_id(db_path).items()}
    assert deadlines == {"X1": D(2024, 5, 30), "X2": D(2024, 4, 30), "G1": D(2024, 3, 2),
                         "G2": D(2024, 3, 8), "G3": D(2024, 3, 8)}


def test_an_exports_working_days_into_an_unknown_year_are_flagged(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "办理时限"], [["G1", "2026-12-10", "30个工作日"]])
    report = import_into(db_path, [export], now=dt.datetime(2027, 6, 1))
    assert cases_by_id(db_path)["G1"]["deadline_basis"] == "export_weekend_fallback"
    assert len(report.warnings) == 1 and "1 件的办理时限" in report.warnings[0]


def test_a_petition_export_with_a_head_count_is_not_a_survey(tmp_path):
    export = write_csv(tmp_path / "来访登记.csv", ["信访件编号", "登记日期", "人数"], [["X1", "2024-03-01", "3"]])
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert (report.files[0].kind, report.files[0].source, report.files[0].rows_new) == ("cases", "petition", 1)


def test_a_typo_year_does_not_blow_up_the_calendar(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], [["G1", "2024-03-01"], ["G2", "9999-01-01"]])
    report = import_into(db_path, [export])
    assert report.files[0].reasons == {"future": 1}
    assert query(db_path, "select max(day) < date '2028-01-01' from calendar_days") == [(True,)]


def test_footer_notes_are_reported_not_rejected(tmp_path):
    export = write_xlsx(tmp_path / "工单.xlsx", ["工单编号", "受理时间", "所属乡镇"], [
        ["G1", "2024-03-01", "新棉镇"], ["G2", "2024-03-02", "新棉镇"],
        [None, None, None], ["合计：2件", None, None], ["制表人：张三", None, "审核：李四"],
    ])
    csv_export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "所属乡镇"], [["G3", "2024-03-01", "新棉镇"]])
    with open(csv_export, "a", encoding="utf-8") as handle:
        handle.write("合计,1\n")
    report = import_into(tmp_path / "db" / "m.duckdb", [export, csv_export])
    xlsx, csv = report.files
    assert (xlsx.rows_read, xlsx.rows_rejected, xlsx.footer_rows) == (2, 0, ("5", "6"))
    assert (csv.rows_read, csv.rows_rejected, csv.footer_rows) == (1, 0, ("3",))
    assert "张三" not in repr(report)


def test_skip_unreadable_imports_the_good_files_and_names_the_bad(tmp_path, capsys):
    good = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], [["G1", "2024-03-01"]])
    bad = write_csv(tmp_path / "说明.csv", ["备注"], [["x"]])
    path = tmp_path / "db" / "m.duckdb"
    assert main(["import", str(good), str(bad), "--db", str(path)]) == 2
    assert snapshot_files.current_snapshot(path) is None or query(path, "select count(*) from cases") == [(0,)]
    assert main(["import", str(good), str(bad), "--db", str(path), "--skip-unreadable"]) == 1
    out = capsys.readouterr().out
    assert "跳过无法导入的文件" in out and "说明.csv" in out
    assert query(path, "select case_id from cases") == [("G1",)]


def test_demo_never_silently_replaces_real_data(tmp_path, capsys):
    path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], [["G1", "2024-03-01"]])
    assert main(["import", str(export), "--db", str(path)]) == 0
    assert main(["demo", "--rows", "500", "--db", str(path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert query(path, "select case_id from cases") == [("G1",)]
    assert main(["demo", "--rows", "500", "--db", str(path), "--force"]) == 0
    assert main(["import", str(export), "--db", str(path)]) == 0  # the first real import replaces the demo
    assert "演示数据不再保留" in capsys.readouterr().out
    assert query(path, "select case_id from cases") == [("G1",)]


def test_bad_settings_give_a_chinese_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MINYI_COMPLAINT_WORKING_DAYS", "abc")
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], [["G1", "2024-03-01"]])
    assert main(["import", str(export), "--db", str(tmp_path / "db" / "m.duckdb")]) == 2
    assert "MINYI_COMPLAINT_WORKING_DAYS" in capsys.readouterr().err


def test_header_row_must_be_a_sheet_row(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text("header_row = 0\n", encoding="utf-8")
    with pytest.raises(ExportError, match="header_row"):
        load_mapping(mapping)


def test_a_narrower_follow_up_export_keeps_stored_fields(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    first = write_csv(tmp_path / "u1.csv", ["工单编号", "受理时间", "所属街镇", "承办单位", "问题类别", "办理时限", "是否重复件"],
                      [["U1", "2012-03-01", "新棉镇", "县公安局", "治安", "2012-03-20", "是"]])
    closure = write_csv(tmp_path / "u2.csv", ["工单编号", "受理时间", "办结时间", "回访结果"],
                        [["U1", "2012-03-01", "2012-03-05", "满意"]])
    import_into(db_path, [first])
    assert import_into(db_path, [closure]).files[0].rows_updated == 1
    case = cases_by_id(db_path)["U1"]
    assert (case["township"], case["department"], case["category"]) == ("新棉镇", "县公安局", "治安")
    assert (case["deadline"], case["deadline_basis"], case["is_repeat"]) == (D(2012, 3, 20), "export", True)
    assert (case["closed_at"], case["satisfaction"]) == (dt.datetime(2012, 3, 5), "满意")


def test_demo_refuses_to_replace_survey_only_data(tmp_path, capsys):
    path = tmp_path / "db" / "m.duckdb"
    survey = write_csv(tmp_path / "测评.csv", ["测评名称", "测评日期", "评价", "票数"], [["作风测评", "2012-06-01", "满意", "9"]])
    assert main(["import", str(survey), "--db", str(path)]) == 0
    assert main(["demo", "--rows", "500", "--db", str(path)]) == 2
    assert query(path, "select sum(votes) from survey_responses") == [(9,)]


def test_a_late_township_alias_does_not_double_survey_votes(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "s1.csv", ["测评名称", "测评日期", "所属乡镇", "测评项目", "评价", "票数"],
                       [["作风测评", "2012-06-01", "城东", "总体评价", "满意", "90"]])
    import_into(db_path, [export])
    mapping = tmp_path / "m.toml"
    mapping.write_text('[township_aliases]\n"城东" = "城东街道"\n', encoding="utf-8")
    again = import_into(db_path, [export], mapping=load_mapping(mapping)).files[0]
    assert (again.rows_new, again.rows_unchanged) == (0, 1)
    assert query(db_path, "select township, sum(votes) from survey_responses group by 1") == [("城东街道", 90)]


def test_a_location_parent_header_does_not_hide_township_and_village(tmp_path):
    import openpyxl

    path = tmp_path / "x2.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单编号", "受理时间", "问题发生地址", None, None, "诉求人", None])
    sheet.append([None, None, "所属街镇", "村（社区）", "详细地址", "姓名", "电话"])
    sheet.append(["G1", "2012-03-01", "新棉镇", "东村", "东村5号", "张三", "13812345678"])
    for cells in ("A1:A2", "B1:B2", "C1:E1", "F1:G1"):
        sheet.merge_cells(cells)
    book.save(path)
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [path])
    assert (report.files[0].rows_new, report.files[0].rows_rejected) == (1, 0)
    case = cases_by_id(db_path)["G1"]
    assert (case["township"], case["village"]) == ("新棉镇", "东村")


def test_a_last_case_that_reads_like_a_note_is_still_a_case(tmp_path):
    export = write_csv(tmp_path / "ft.csv", ["主要内容", "工单编号", "受理时间"], [
        ["路灯坏了", "G1", "2012-03-01"], ["共3户村民反映道路损坏", "G2", "2012-03-02"],
    ])
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert (report.files[0].rows_new, report.files[0].footer_rows) == (2, ())


def test_none_is_an_answer_and_not_a_place(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    survey = write_csv(tmp_path / "s.csv", ["测评名称", "测评日期", "所属乡镇", "测评项目", "评价", "票数"],
                       [["作风测评", "2012-06-01", "城东", "是否存在吃拿卡要", "无", "97"]])
    cases = write_csv(tmp_path / "c.csv", ["工单编号", "受理时间", "所属街镇", "诉求类型"],
                      [["G1", "2012-03-01", "—", "/"], ["G2", "2012-03-01", "暂无", "治安"]])
    report = import_into(db_path, [survey, cases])
    assert report.total("rows_rejected") == 0
    assert query(db_path, "select answer from survey_responses") == [("无",)]
    assert query(db_path, "select township from townships") == [("城东",)]
    assert {v["category"] for v in cases_by_id(db_path).values()} == {None, "治安"}


def test_a_mapping_target_that_is_a_known_spelling_joins_its_member(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [write_csv(tmp_path / "c1.csv", ["工单编号", "受理时间", "所属乡镇"],
                                    [["G1", "2012-03-01", "新棉"], ["G2", "2012-03-01", "新棉镇"]])])
    mapping = tmp_path / "m.toml"
    mapping.write_text('[township_aliases]\n"XM" = "新棉"\n', encoding="utf-8")
    import_into(db_path, [write_csv(tmp_path / "c2.csv", ["工单编号", "受理时间", "所属乡镇"], [["G3", "2012-03-02", "XM"]])],
                mapping=load_mapping(mapping))
    assert query(db_path, "select township from townships") == [("新棉镇",)]
    assert {v["township"] for v in cases_by_id(db_path).values()} == {"新棉镇"}


def test_long_working_day_deadlines_count_along_an_unbroken_calendar(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    header = ["工单编号", "受理时间", "办理时限"]
    import_into(db_path, [write_csv(tmp_path / "a.csv", header, [["A1", "2013-06-03", None]])])
    import_into(db_path, [write_csv(tmp_path / "b.csv", header, [["G3", "2012-03-01", "200个工作日"]])])
    from minyi import workdays

    expected, _ = workdays.add_working_days(D(2012, 3, 1), 200, tmp_path / "db" / "no-holidays.toml")
    assert cases_by_id(db_path)["G3"]["deadline"] == expected


def test_more_masked_number_layouts(tmp_path):
    text = "身份证号码：３３０１０２１９９００１０１１２３Ｘ，座机0571 8888 6666、(0571)8888-6666，手机138.1234.5678"
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [write_csv(tmp_path / "c.csv", ["工单编号", "受理时间", "主要内容"], [["G1", "2012-03-01", text]])])
    assert cases_by_id(db_path)["G1"]["summary"] == "身份证号码：[身份证号]，座机[电话]、[电话]，手机[手机号]"
