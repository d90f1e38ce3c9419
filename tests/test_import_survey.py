"""Satisfaction surveys: aggregated vote rows and one-row-per-answer exports, idempotent on re-import."""

from __future__ import annotations

import datetime as dt

import pytest

from minyi.ingest.mapping import Mapping
from tests.export_files import all_rows, import_into, query, write_csv, write_xlsx

AGGREGATED_HEADER = ["测评名称", "测评日期", "所属乡镇", "评价群体", "测评项目", "评价", "票数"]
AGGREGATED = [
    ["2024年群众满意度测评", dt.datetime(2024, 6, 20), "新棉镇", "群众代表", "总体评价", "满意", 120],
    ["2024年群众满意度测评", dt.datetime(2024, 6, 20), "新棉镇", "群众代表", "总体评价", "基本满意", 30],
    ["2024年群众满意度测评", dt.datetime(2024, 6, 20), "新棉镇", "群众代表", "总体评价", "不满意", 5],
    ["2024年群众满意度测评", dt.datetime(2024, 6, 20), "城关街道", "群众代表", "总体评价", "满意", 80],
]


def votes(db_path):
    return query(db_path, """
        select survey_name, survey_date, township, respondent_group, item, answer, votes
        from survey_responses order by township, answer""")


def test_aggregated_vote_rows(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [write_xlsx(tmp_path / "测评汇总.xlsx", AGGREGATED_HEADER, AGGREGATED)])
    assert (report.files[0].kind, report.files[0].rows_new) == ("survey", 4)
    name, day = "2024年群众满意度测评", dt.date(2024, 6, 20)
    assert votes(db_path) == [
        (name, day, "城关街道", "群众代表", "总体评价", "满意", 80),
        (name, day, "新棉镇", "群众代表", "总体评价", "不满意", 5),
        (name, day, "新棉镇", "群众代表", "总体评价", "基本满意", 30),
        (name, day, "新棉镇", "群众代表", "总体评价", "满意", 120),
    ]
    assert query(db_path, "select sum(votes) from survey_responses where township = '新棉镇'") == [(155,)]


def test_aggregated_reimport_is_idempotent_and_a_corrected_count_updates(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_xlsx(tmp_path / "测评汇总.xlsx", AGGREGATED_HEADER, AGGREGATED)
    import_into(db_path, [export])
    before = all_rows(db_path)["survey_responses"]

    again = import_into(db_path, [export]).files[0]
    assert (again.rows_read, again.rows_new, again.rows_updated, again.rows_unchanged) == (4, 0, 0, 4)
    assert all_rows(db_path)["survey_responses"] == before

    corrected = [row[:6] + [121 if row[5] == "满意" and row[2] == "新棉镇" else row[6]] for row in AGGREGATED]
    fixed = import_into(db_path, [write_xlsx(tmp_path / "测评汇总2.xlsx", AGGREGATED_HEADER, corrected)]).files[0]
    assert (fixed.rows_new, fixed.rows_updated, fixed.rows_unchanged) == (0, 1, 3)
    assert query(db_path, "select count(*), sum(votes) from survey_responses") == [(4, 236)]


PER_ANSWER_HEADER = ["问卷编号", "测评日期", "所属乡镇", "测评项目", "满意度", "姓名", "手机号码"]
PER_ANSWER = [
    ["Q001", "2024-06-20", "新棉镇", "总体评价", "满意", "张三", "13812345678"],
    ["Q002", "2024-06-20", "新棉镇", "总体评价", "满意", "李四", "13900001111"],
    ["Q003", "2024-06-21", "新棉镇", "总体评价", "不满意", "王五", "13700002222"],
    ["Q004", "2024-06-21", "城关街道", "总体评价", "基本满意", "赵六", "13600003333"],
]


def test_per_answer_rows_count_one_vote_each_and_reimport_is_idempotent(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "问卷明细.csv", PER_ANSWER_HEADER, PER_ANSWER)
    first = import_into(db_path, [export], mapping=Mapping(survey_name="2024年问卷调查")).files[0]
    assert (first.kind, first.rows_new, first.rows_rejected) == ("survey", 4, 0)
    assert set(first.personal_columns) == {"姓名", "手机号码"}
    assert query(db_path, """
        select survey_name, township, answer, sum(votes) from survey_responses group by all order by 2, 3""") == [
        ("2024年问卷调查", "城关街道", "基本满意", 1),
        ("2024年问卷调查", "新棉镇", "不满意", 1),
        ("2024年问卷调查", "新棉镇", "满意", 2),
    ]
    second = import_into(db_path, [export], mapping=Mapping(survey_name="2024年问卷调查")).files[0]
    assert (second.rows_new, second.rows_unchanged) == (0, 4)
    assert query(db_path, "select count(*) from survey_responses") == [(4,)]
    stored = repr(all_rows(db_path))
    assert [s for s in ("张三", "13812345678", "Q001") if s in stored] == []


def test_a_corrected_answer_updates_its_questionnaire(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    mapping = Mapping(survey_name="2024年问卷调查")
    import_into(db_path, [write_csv(tmp_path / "问卷明细.csv", PER_ANSWER_HEADER, PER_ANSWER)], mapping=mapping)
    corrected = [row[:4] + ["满意"] + row[5:] if row[0] == "Q003" else row for row in PER_ANSWER]
    again = import_into(db_path, [write_csv(tmp_path / "问卷明细2.csv", PER_ANSWER_HEADER, corrected)],
                        mapping=mapping).files[0]
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 1, 3)
    assert query(db_path, "select answer, sum(votes) from survey_responses group by 1 order by 1") == [
        ("基本满意", 1), ("满意", 3)]


def test_identical_answer_rows_without_ids_are_kept_apart_and_stable(tmp_path):
    """Two people giving the same answer on the same day are two answers, also after a re-import."""
    db_path = tmp_path / "db" / "m.duckdb"
    rows = [["2024-06-20", "新棉镇", "总体评价", "满意"]] * 3
    export = write_csv(tmp_path / "测评.csv", ["测评日期", "所属乡镇", "测评项目", "评价"], rows)
    import_into(db_path, [export])
    again = import_into(db_path, [export]).files[0]
    assert (again.rows_new, again.rows_unchanged) == (0, 3)
    assert query(db_path, "select count(*), sum(votes) from survey_responses") == [(3, 3)]
    assert query(db_path, "select distinct survey_name from survey_responses") == [("测评",)]  # the file name


@pytest.mark.parametrize(("cell", "code"), [
    ("12.5", "bad_count"), ("-3", "bad_count"), ("十二", "bad_count"),
])
def test_bad_vote_count_is_rejected_with_row_and_column(tmp_path, cell, code):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "测评汇总.csv", ["测评名称", "测评日期", "测评项目", "评价", "人数"], [
        ["年度测评", "2024-06-20", "总体评价", "满意", "120"],
        ["年度测评", "2024-06-20", "总体评价", "不满意", cell],
    ])
    report = import_into(db_path, [export])
    assert report.files[0].reasons == {code: 1}
    assert report.rejected[0].messages == [f"测评汇总.csv 第3行：「人数」的值「{cell}」不是非负整数"]
    assert query(db_path, "select answer, votes from survey_responses") == [("满意", 120)]
    (quarantine_file,) = report.quarantine_dir.glob("*.csv")
    assert f"3,「人数」的值「{cell}」不是非负整数,年度测评,2024-06-20,总体评价,不满意,{cell}" in (
        quarantine_file.read_text(encoding="utf-8-sig"))


def test_bad_score_and_missing_answer_are_rejected(tmp_path):
    export = write_csv(tmp_path / "测评.csv", ["测评日期", "测评项目", "评价", "得分"], [
        ["2024-06-20", "总体评价", None, "九十"],
        ["2024-06-20", "总体评价", None, None],
        [None, "总体评价", "满意", None],
        ["2024-06-20", "总体评价", None, "92.5"],
    ])
    report = import_into(tmp_path / "db" / "m.duckdb", [export])
    assert report.rejected[0].messages == [
        "测评.csv 第2行：「得分」的值「九十」不是数字",
        "测评.csv 第3行：「评价」为空",
        "测评.csv 第4行：「测评日期」为空",
    ]
    assert query(tmp_path / "db" / "m.duckdb", "select score, votes from survey_responses") == [(92.5, 1)]


def test_wide_survey_table_with_one_column_per_answer(tmp_path):
    """测评 results as counties tabulate them: a row per township and item, a column per answer."""
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "2012年度测评汇总.csv", ["所属乡镇", "测评项目", "满意", "基本满意", "不满意"], [
        ["新棉镇", "服务态度", "120", "30", "5"],
        ["回隆乡", "服务态度", "80", "12", None],
        ["回隆乡", "办事效率", "七十", "10", "2"],
    ])
    report = import_into(db_path, [export], mapping=Mapping(kind="survey", survey_date="2012-12-15"))
    item = report.files[0]
    assert (item.rows_read, item.rows_new, item.rows_rejected) == (8, 7, 1)
    assert report.rejected[0].messages == ["2012年度测评汇总.csv 第4行：「票数」的值「七十」不是非负整数"]
    assert query(db_path, """select township, item, answer, votes from survey_responses
                             order by township, item, answer""") == [
        ("回隆乡", "办事效率", "不满意", 2), ("回隆乡", "办事效率", "基本满意", 10),
        ("回隆乡", "服务态度", "基本满意", 12), ("回隆乡", "服务态度", "满意", 80),
        ("新棉镇", "服务态度", "不满意", 5), ("新棉镇", "服务态度", "基本满意", 30), ("新棉镇", "服务态度", "满意", 120),
    ]
    assert query(db_path, "select distinct survey_name, survey_date from survey_responses") == [
        ("2012年度测评汇总", dt.date(2012, 12, 15))]
    again = import_into(db_path, [export], mapping=Mapping(kind="survey", survey_date="2012-12-15")).files[0]
    assert (again.rows_new, again.rows_unchanged) == (0, 7)
