"""The 便民服务 counts beside the 办件: 咨询人次 per centre and day or month, and the 事项目录 of each
year, so that "审批事项由289项精简到147项，精简49.1%" is one query (147/289 − 1 = −0.4913)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from minyi import db, service_totals, snapshot_files
from tests.export_files import cli_import, write_csv



def _reader(folder):
    return db.open_reader(folder / "minyi.duckdb")


def _catalogue(year: int, count: int, level: str = "县级") -> list[list]:
    return [[f"{year}年", level, f"XK{n:04d}", f"审批事项{n:03d}", "行政许可", "县行政审批局"] for n in range(1, count + 1)]


CATALOGUE_HEADER = ["目录年度", "办理层级", "事项编码", "事项名称", "事项类型", "实施部门"]


def test_the_catalogue_change_is_one_query(tmp_path):
    rows = _catalogue(2011, 289) + _catalogue(2012, 147) + _catalogue(2012, 40, "乡镇级")
    done = cli_import(tmp_path, "权责清单.csv", CATALOGUE_HEADER, rows)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "权责清单.csv（事项目录）：读取 476 行 = 新增 476" in done.stdout
    con = _reader(tmp_path)
    try:
        change = service_totals.catalogue_change(con, 2012, "县级")
        every_level = service_totals.catalogue_change(con, 2012)
        levels = service_totals.catalogue_levels(con)
    finally:
        con.close()
    assert (change.previous_matters, change.matters) == (289, 147)
    assert f"{change.change:.1%}" == "-49.1%"
    assert change.sentence("县级") == "县级事项目录由2011年的289项精简到2012年的147项，精简49.1%。"
    assert (every_level.previous_matters, every_level.matters) == (289, 187)
    assert levels == ["县级", "乡镇级"]


def test_a_catalogue_file_replaces_the_lists_of_its_years(tmp_path):
    assert cli_import(tmp_path, "2012年目录.csv", CATALOGUE_HEADER, _catalogue(2012, 150)).returncode == 0
    done = cli_import(tmp_path, "2012年目录（修订）.csv", CATALOGUE_HEADER, _catalogue(2012, 147))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "未变 147" in done.stdout and "原有的3项不在本文件中，已移除" in done.stdout
    con = _reader(tmp_path)
    try:
        assert service_totals.catalogue_change(con, 2013).matters == 147
        assert service_totals.catalogue_change(con, 2013).sentence() == "2012年事项目录共147项（此前年度无目录可比）。"
    finally:
        con.close()


def test_bad_catalogue_rows_are_rejected_with_reasons(tmp_path):
    rows = _catalogue(2012, 3) + [["二〇一二", "县级", "X9", "某事项", "行政许可", None], ["2012", "县级", "X8", None, None, None]]
    done = cli_import(tmp_path, "目录.csv", CATALOGUE_HEADER, rows)
    assert "读取 5 行 = 新增 3 + 更新 0 + 未变 0 + 拒收 2" in done.stdout
    assert "目录.csv 第5行：「目录年度」的值「二〇一二」不是年份" in done.stdout
    assert "第6行：「事项名称」为空" in done.stdout


CONSULTATION_HEADER = ["统计日期", "服务中心", "所属乡镇", "咨询人次"]


def test_consultations_by_day_and_by_month_add_up(tmp_path):
    rows = [["2012-03-05", "县政务服务中心", None, "120"], ["2012-03-06", "县政务服务中心", None, "95"],
            ["2012年3月", "城关镇便民服务中心", "城关镇", "1,030"], ["2012-04", "城关镇便民服务中心", "城关镇", "870"],
            ["2012-02-28", "县政务服务中心", None, "12"]]
    done = cli_import(tmp_path, "咨询登记.csv", CONSULTATION_HEADER, rows)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "咨询登记.csv（咨询人次）：读取 5 行 = 新增 5" in done.stdout
    con = _reader(tmp_path)
    try:
        march = service_totals.consultation_total(con, dt.date(2012, 3, 1), dt.date(2012, 3, 31))
        by_centre = service_totals.consultations(con, dt.date(2012, 3, 1), dt.date(2012, 4, 30), "centre")
        township = service_totals.consultation_total(con, dt.date(2012, 1, 1), dt.date(2012, 12, 31), "城关镇")
        none_then = service_totals.consultation_total(con, dt.date(2011, 1, 1), dt.date(2011, 12, 31))
    finally:
        con.close()
    assert march == 120 + 95 + 1030
    assert dict(zip(by_centre["unit"], by_centre["visits"])) == {"县政务服务中心": 215, "城关镇便民服务中心": 1900}
    assert township == 1900 and none_then == 0


def test_a_corrected_count_replaces_the_one_reported(tmp_path):
    assert cli_import(tmp_path, "3月.csv", CONSULTATION_HEADER, [["2012-03", "县政务服务中心", None, "300"]]).returncode == 0
    done = cli_import(tmp_path, "3月（更正）.csv", CONSULTATION_HEADER, [["2012年3月", "县政务服务中心", None, "310"]])
    assert "更新 1" in done.stdout
    con = _reader(tmp_path)
    try:
        assert service_totals.consultation_total(con, dt.date(2012, 3, 1), dt.date(2012, 3, 31)) == 310
    finally:
        con.close()


def test_bad_counts_are_rejected_with_reasons(tmp_path):
    rows = [["2012-03-05", "县政务服务中心", None, "12.5"], ["2012-13-05", "县政务服务中心", None, "3"],
            ["2012-03-06", "县政务服务中心", None, "7"], ["2012-03-06", "县政务服务中心", None, "8"]]
    done = cli_import(tmp_path, "咨询.csv", CONSULTATION_HEADER, rows)
    assert "读取 4 行 = 新增 1 + 更新 0 + 未变 0 + 拒收 3" in done.stdout
    assert "第4行：与第5行是同一项（同一日期和服务中心，或同一年度、层级和事项），以第5行为准" in done.stdout
    assert "咨询.csv 第2行：「咨询人次」的值「12.5」不是非负整数" in done.stdout
    assert "第3行：「统计日期」的日期「2012-13-05」无法识别" in done.stdout


def test_a_database_without_them_says_none_not_zero(tmp_path):
    assert cli_import(tmp_path, "目录.csv", CATALOGUE_HEADER, _catalogue(2012, 2)).returncode == 0
    con = _reader(tmp_path)
    try:
        assert service_totals.consultation_total(con, dt.date(2012, 1, 1), dt.date(2012, 12, 31)) is None
        assert service_totals.catalogue_change(con, 2011) is None
    finally:
        con.close()


@pytest.mark.parametrize("header, kind", [
    (["办件编号", "事项名称", "受理时间"], "service"),
    (["事项编码", "事项名称", "受理时间", "办结时间"], "service"),  # a 办件 export naming its matter's code
    (["年度", "事项名称", "实施部门"], "catalogue"),
    (["月份", "窗口", "咨询量"], "consultation"),
])
def test_the_kind_is_told_from_the_headers(header, kind):
    from minyi.ingest.plans import guess_kind

    assert guess_kind(header) == kind


def test_the_command_line_prints_consultations_and_the_catalogue_change(tmp_path):
    from tests.test_service import HEADER, OCTOBER_ROWS

    assert cli_import(tmp_path, "办件.csv", HEADER, OCTOBER_ROWS).returncode == 0
    assert cli_import(tmp_path, "目录.csv", CATALOGUE_HEADER, _catalogue(2011, 289) + _catalogue(2012, 147)).returncode == 0
    assert cli_import(tmp_path, "咨询.csv", CONSULTATION_HEADER, [["2012-10", "县政务服务中心", None, "251"]]).returncode == 0
    done = subprocess.run([sys.executable, "-m", "minyi", "metrics", "--kind", "service", "--from", "2012-10-01",
                           "--to", "2012-10-31", "--format", "json", "--db", str(tmp_path / "minyi.duckdb")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["consultations"] == 251
    assert printed["catalogue"] == [{"level": "县级", "year": 2012, "matters": 147, "previous_year": 2011,
                                     "previous_matters": 289, "change": pytest.approx(147 / 289 - 1),
                                     "sentence": "县级事项目录由2011年的289项精简到2012年的147项，精简49.1%。"}]


def test_a_levels_list_does_not_replace_another_levels(tmp_path):
    """A 县级 and a 乡镇级 list of one year, in two files (or two sheets of one import), are both kept."""
    assert cli_import(tmp_path, "县级目录.csv", CATALOGUE_HEADER, _catalogue(2012, 147)).returncode == 0
    assert cli_import(tmp_path, "乡镇目录.csv", CATALOGUE_HEADER, _catalogue(2012, 40, "乡镇级")).returncode == 0
    con = _reader(tmp_path)
    try:
        assert service_totals.catalogue_change(con, 2012, "县级").matters == 147
        assert service_totals.catalogue_change(con, 2012, "乡镇级").matters == 40
    finally:
        con.close()


def test_a_catalogue_without_levels_is_named_without_one(tmp_path):
    header = ["年度", "事项名称", "实施部门"]
    rows = [[2011, f"事项{n}", "县行政审批局"] for n in range(10)] + [[2012, f"事项{n}", "县行政审批局"] for n in range(4)]
    assert cli_import(tmp_path, "清单.csv", header, rows).returncode == 0
    con = _reader(tmp_path)
    try:
        (level, change), = service_totals.changes(con, 2012)
    finally:
        con.close()
    assert change.sentence(level) == "事项目录由2011年的10项精简到2012年的4项，精简60.0%。"


def test_each_townships_count_is_its_own_and_a_bad_month_is_one_rejected_row(tmp_path):
    """Without a centre column, each township's month is its own row (not a repeat of another's);
    「2012年13月」 rejects that row only."""
    rows = [["城关镇", "2012年3月", "500"], ["河口镇", "2012年3月", "300"], ["新桥镇", "2012年13月", "9"]]
    done = cli_import(tmp_path, "乡镇咨询.csv", ["乡镇", "统计月份", "咨询人次"], rows)
    assert "读取 3 行 = 新增 2 + 更新 0 + 未变 0 + 拒收 1" in done.stdout, done.stdout + done.stderr
    assert "第4行：「统计月份」的日期「2012年13月」无法识别" in done.stdout
    con = _reader(tmp_path)
    try:
        assert service_totals.consultation_total(con, dt.date(2012, 3, 1), dt.date(2012, 3, 31)) == 800
    finally:
        con.close()


def test_a_township_analyst_cannot_replace_another_townships_count(tmp_path):
    from minyi.ingest.upload import Upload, run_upload

    assert cli_import(tmp_path, "咨询.csv", CONSULTATION_HEADER,
                   [["2012-03", "城关镇便民服务中心", "城关镇", "500"], ["2012-03", "河口镇便民服务中心", "河口镇", "80"]]
                   ).returncode == 0
    data = write_csv(tmp_path / "上传.csv", CONSULTATION_HEADER,
                     [["2012-03", "城关镇便民服务中心", "河口镇", "1"]]).read_bytes()
    verdict = run_upload(tmp_path / "minyi.duckdb", [Upload("上传.csv", data)], actor="乡镇分析员",
                         limited_to=("township", "河口镇"))
    assert "新增 1" in verdict.text
    con = _reader(tmp_path)
    try:
        by_centre = service_totals.consultations(con, dt.date(2012, 3, 1), dt.date(2012, 3, 31), "centre")
    finally:
        con.close()
    assert dict(zip(by_centre["unit"], by_centre["visits"]))["城关镇便民服务中心"] == 501  # 城关镇's 500 kept


def test_a_month_reported_both_ways_and_a_county_total_are_counted_once(tmp_path):
    rows = [["2012-03", "县政务服务中心", None, "300"], ["2012-03-05", "县政务服务中心", None, "20"],
            ["2012-03-06", "县政务服务中心", None, "25"], ["2012-03", None, None, "999"],
            ["2012-04", None, None, "410"]]
    assert cli_import(tmp_path, "咨询.csv", CONSULTATION_HEADER, rows).returncode == 0
    con = _reader(tmp_path)
    try:
        march = service_totals.consultation_total(con, dt.date(2012, 3, 1), dt.date(2012, 3, 31))
        april = service_totals.consultation_total(con, dt.date(2012, 4, 1), dt.date(2012, 4, 30))
        days = service_totals.consultation_total(con, dt.date(2012, 3, 5), dt.date(2012, 3, 20))
    finally:
        con.close()
    assert (march, april, days) == (300, 410, 45)  # the month's own figure; the county total only alone


def test_county_wide_counts_of_no_township_are_counted_as_before(tmp_path):
    """A county-wide month row counts only in a month without any centre's row; asked for the
    counts without a township (（未填写）), it is the only row, as the month's query counts it."""
    rows = [["2012-07", None, None, "500"], ["2012-07", "甲镇便民服务中心", "甲镇", "40"]]
    assert cli_import(tmp_path, "咨询.csv", CONSULTATION_HEADER, rows).returncode == 0
    con = _reader(tmp_path)
    try:
        whole = service_totals.consultation_total(con, dt.date(2012, 7, 1), dt.date(2012, 7, 31), "（未填写）")
        days = service_totals.consultation_total(con, dt.date(2012, 7, 1), dt.date(2012, 7, 30), "（未填写）")
        county = service_totals.consultation_total(con, dt.date(2012, 7, 1), dt.date(2012, 7, 31))
    finally:
        con.close()
    assert whole == days == 500 and county == 40


def test_consultations_of_a_database_from_before_their_rollup_are_counted_after_any_import(tmp_path):
    """A database written before service_consultation_months held the counts but no rollup: the
    next import of anything (here cases) builds it, and the dashboard calls it out of date until then."""
    from minyi import dataset

    assert cli_import(tmp_path, "咨询.csv", CONSULTATION_HEADER, [["2012-01", "县政务服务中心", None, "100"],
                                                                  ["2012-02-03", "县政务服务中心", None, "7"]]).returncode == 0
    with snapshot_files.publishing(tmp_path / "minyi.duckdb") as writer:
        writer.execute("delete from service_consultation_months")
    assert not dataset.derived_tables_current(snapshot_files.current_snapshot(tmp_path / "minyi.duckdb"))
    done = cli_import(tmp_path, "信访.csv", ["信访件编号", "登记日期", "乡镇", "问题类别"], [["X1", "2012-03-01", "甲镇", "其他"]])
    assert done.returncode == 0, done.stdout + done.stderr
    assert dataset.derived_tables_current(snapshot_files.current_snapshot(tmp_path / "minyi.duckdb"))
    con = _reader(tmp_path)
    try:
        assert service_totals.consultation_total(con, dt.date(2012, 1, 1), dt.date(2012, 1, 31)) == 100
        assert service_totals.consultation_total(con, dt.date(2012, 2, 1), dt.date(2012, 2, 29)) == 7
    finally:
        con.close()
