"""便民服务 办件 (政务服务网 / 一体化平台 exports): imported through the same importer as cases, their
承诺时限 counted in working days on the official holiday calendar, and every rate computed by hand.

The October 2012 fixture, as things stood on 31 October (国庆: 30 September–7 October off, Saturday
29 September worked):

| 办件 | 层级 | 受理 | 承诺时限 | 应办结日 | 办结 | 评价 | 方式 |
|---|---|---|---|---|---|---|---|
| S01 | 县级 | 10-08 | 3个工作日 | 10-11 | 10-11 按时 | 非常满意 | 全程网办 |
| S02 | 县级 | 10-08 | 3个工作日 | 10-11 | 10-12 超时 | 差评（已整改） | 窗口办理 |
| S03 | 乡镇级 | 10-10 | 即办件 | 10-10 | 10-10 按时 | 满意 | 窗口 |
| S04 | 乡镇级 | 10-12 | 5个工作日 | 10-19 | 未办结（超期） | — | 网上办理 |
| S05 | 村级 | 10-29 | 5 | 11-05 | 未办结（未到期） | — | 自助终端 |
| S06 | 村级 | 10-15 | 2012-10-20 | 10-20 | 10-20 按时 | 中评 | 帮办代办 |
| S07 | 县级 | 10-16 | （空） | — | 10-18 不计时 | 不满意（未整改） | 窗口 |
| S08 | 县级 | 10-22 | 2个工作日 | 10-24 | 11-02（期末未办结，超期） | 好评 | （空） |

办结率 5/8; 按时办结率 3/(4 timed closed + 2 open past) = 50%; 评议满意率 (3+1)/6; 差评率 2/6;
差评整改率 1/2; 网办率 2/7. S00 (受理 9-28, 5个工作日) is due 10-11: 9-29, 10-8, 10-9, 10-10, 10-11.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from minyi import db, metrics, service_metrics, snapshot_files
from minyi.service_metrics import ServicePolicy
from tests.export_files import cli_import, stored_rows, write_csv

HEADER = ["办件编号", "事项名称", "事项类型", "办理层级", "服务中心", "所属乡镇", "实施部门", "办理方式", "申请人",
          "联系电话", "证件号码", "受理时间", "承诺时限", "办结时间", "评价结果", "整改情况"]


def _item(number, level, received, promised, closed, rating, rectified, mode, centre="县政务服务中心",
          matter="不动产登记", township="城关镇"):
    return [f"S{number:02d}", matter, "行政许可", level, centre, township, "县自然资源局", mode, "李四", "13800001111",
            "410101199001011234", received, promised, closed, rating, rectified]


OCTOBER_ROWS = [
    _item(0, "县级", "2012-09-28 10:00", "5个工作日", "2012-10-11 15:00", None, None, "窗口"),
    _item(1, "县级", "2012-10-08 09:00", "3个工作日", "2012-10-11 16:00", "非常满意", None, "全程网办"),
    _item(2, "县级", "2012-10-08 10:00", "3个工作日", "2012-10-12 09:00", "差评", "已整改", "窗口办理"),
    _item(3, "乡镇", "2012-10-10 09:00", "即办件", "2012-10-10 11:00", "满意", None, "窗口", centre="城关镇便民服务中心",
          matter="农村五保供养"),
    _item(4, "乡镇级", "2012-10-12 09:00", "5个工作日", None, None, None, "网上办理", centre="城关镇便民服务中心",
          matter="农村五保供养"),
    _item(5, "村", "2012-10-29 09:00", "5", None, None, None, "自助终端", centre="东关村便民服务站", matter="计生证明"),
    _item(6, "村级", "2012-10-15 09:00", "2012-10-20", "2012-10-20 10:00", "中评", None, "帮办代办",
          centre="东关村便民服务站", matter="计生证明"),
    _item(7, "县级", "2012-10-16 09:00", None, "2012-10-18 09:00", "不满意", "未整改", "窗口"),
    _item(8, "县级", "2012-10-22 09:00", "2个工作日", "2012-11-02 09:00", "好评", None, None),
]
OCTOBER = (dt.date(2012, 10, 1), dt.date(2012, 10, 31))



@pytest.fixture(scope="module")
def service_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("service")
    done = cli_import(folder, "办件2012年10月.csv", HEADER, OCTOBER_ROWS)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "办件2012年10月.csv（办件）：读取 9 行 = 新增 9 + 更新 0 + 未变 0 + 拒收 0" in done.stdout
    return folder / "minyi.duckdb"


def _rates(path, by="county", period=OCTOBER, policy=None, **place) -> dict:
    con = db.open_reader(path)
    try:
        table = service_metrics.rates_by(con, *period, by, policy=policy or ServicePolicy(), **place)
    finally:
        con.close()
    return {row["unit"]: row for row in table.to_dict(orient="records")}



def test_promised_deadlines_count_working_days_on_the_holiday_calendar(service_db):
    deadlines = dict(stored_rows(service_db, "select item_id, deadline from service_items"))
    assert deadlines == {"S00": dt.date(2012, 10, 11), "S01": dt.date(2012, 10, 11), "S02": dt.date(2012, 10, 11),
                         "S03": dt.date(2012, 10, 10), "S04": dt.date(2012, 10, 19), "S05": dt.date(2012, 11, 5),
                         "S06": dt.date(2012, 10, 20), "S07": None, "S08": dt.date(2012, 10, 24)}


def test_every_rate_is_as_computed_by_hand(service_db):
    county = _rates(service_db)["全县"]
    assert (county["items"], county["closed"], county["closed_on_time"], county["due"]) == (8, 5, 3, 6)
    assert county["completion_rate"] == pytest.approx(5 / 8)
    assert county["on_time_rate"] == pytest.approx(3 / 6)
    assert county["satisfaction_rate"] == pytest.approx(4 / 6)
    assert county["bad_review_rate"] == pytest.approx(2 / 6)
    assert county["rectification_rate"] == pytest.approx(1 / 2)
    assert county["online_rate"] == pytest.approx(2 / 7)


def test_the_rules_of_the_cases_apply_to_service_rates_too(service_db):
    policy = ServicePolicy(metrics.Policy(basic_satisfied_weight=0.9, on_time_denominator="closed"))
    county = _rates(service_db, policy=policy)["全县"]
    assert county["on_time_rate"] == pytest.approx(3 / 4)
    assert county["satisfaction_rate"] == pytest.approx(3.9 / 6)
    assert "满意+0.9×基本满意" in policy.describe("satisfaction_rate")
    assert "在承诺时限内办结件÷已办结件" in policy.describe("on_time_rate")


def test_rates_by_level_and_centre(service_db):
    levels = _rates(service_db, "level")
    assert {unit: row["items"] for unit, row in levels.items()} == {"县级": 4, "乡镇级": 2, "村级": 2}
    assert levels["县级"]["on_time_rate"] == pytest.approx(1 / 3)
    assert levels["乡镇级"]["on_time_rate"] == pytest.approx(1 / 2)
    assert levels["村级"]["on_time_rate"] == 1.0
    centres = _rates(service_db, "centre", level="村级")
    assert list(centres) == ["东关村便民服务站"]


def test_the_september_item_is_in_september_only(service_db):
    september = _rates(service_db, period=(dt.date(2012, 9, 1), dt.date(2012, 9, 30)))["全县"]
    assert (september["items"], september["closed"], september["due"]) == (1, 0, 0)  # due 10-11: not yet on 9-30
    assert september["on_time_rate"] is None  # nothing due: no rate, not 0%
    assert _rates(service_db, period=(dt.date(2011, 1, 1), dt.date(2011, 12, 31))) == {}


def test_no_personal_data_isstored_rows(service_db):
    text = str(stored_rows(service_db, "select * from service_items"))
    assert "李四" not in text and "13800001111" not in text and "410101199001011234" not in text


def test_the_command_line_prints_the_rates_with_their_basis(service_db):
    done = subprocess.run([sys.executable, "-m", "minyi", "metrics", "--kind", "service", "--from", "2012-10-01",
                           "--to", "2012-10-31", "--by", "level", "--format", "json", "--db", str(service_db)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert "按时办结率=在承诺时限内办结件÷应办结件" in printed["口径"] and "差评率=" in printed["口径"]
    units = {row["unit"]: row for row in printed["rows"]}
    assert set(units) == {"全县", "县级", "乡镇级", "村级"}
    assert units["全县"]["on_time_rate"] == pytest.approx(0.5)
    table = subprocess.run([sys.executable, "-m", "minyi", "metrics", "--kind", "service", "--from", "2012-10-01",
                            "--to", "2012-10-31", "--db", str(service_db)], capture_output=True, text=True)
    assert table.returncode == 0 and "50.0%" in table.stdout and "网办率" in table.stdout


def test_an_export_without_deadlines_ratings_or_modes_says_which_rates_have_no_data(tmp_path):
    header = ["申办流水号", "审批事项", "受理部门", "申请日期", "办结日期"]
    rows = [["X1", "营业执照", "县市场监管局", "2020/3/2", "2020/3/3"], ["X2", "营业执照", "县市场监管局", "2020/3/4", None]]
    done = cli_import(tmp_path, "审批办件.csv", header, rows)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "（办件）" in done.stdout
    county = _rates(tmp_path / "minyi.duckdb", period=(dt.date(2020, 3, 1), dt.date(2020, 3, 31)))["全县"]
    assert county["completion_rate"] == 0.5
    for rate in ("on_time_rate", "satisfaction_rate", "bad_review_rate", "rectification_rate", "online_rate"):
        assert county[rate] is None, rate
    con = db.open_reader(tmp_path / "minyi.duckdb")
    try:
        reasons = service_metrics.unsupported(service_metrics.fields_carried(con))
    finally:
        con.close()
    assert reasons["on_time_rate"] == "导入的办件中没有“承诺时限”列"
    assert reasons["rectification_rate"] == "导入的办件中没有“评价（好差评）、整改情况或整改时间”列"
    assert "completion_rate" not in reasons


def test_bad_rows_are_rejected_with_reasons_and_kept(tmp_path):
    rows = [*OCTOBER_ROWS[1:3],
            _item(20, "县级", "2012-13-45", "3个工作日", None, None, None, "窗口"),
            _item(21, "县级", "2012-10-08 09:00", "尽快", None, None, None, "窗口"),
            _item(22, "县级", "2012-10-08 09:00", "3个工作日", "2012-10-01 09:00", "很好", "看情况", "窗口")]
    done = cli_import(tmp_path, "办件.csv", HEADER, rows)
    assert done.returncode == 3, done.stderr  # three rows of five rejected
    text = done.stdout
    assert "读取 5 行 = 新增 2 + 更新 0 + 未变 0 + 拒收 3" in text
    assert "办件.csv 第4行：「受理时间」的日期「2012-13-45」无法识别" in text
    assert "第5行：「承诺时限」「尽快」既不是日期" in text
    assert "第6行：「办结时间」「2012-10-01 09:00」早于受理时间" in text and "「评价结果」的值「很好」无法识别" in text
    assert "「整改情况」的值「看情况」无法识别" in text
    quarantined = next((tmp_path / "quarantine").rglob("*.csv")).read_text(encoding="utf-8-sig")
    assert "S20" in quarantined and "李四" not in quarantined and "13800001111" not in quarantined


def test_a_follow_up_export_of_ratings_keeps_the_matter_and_a_rectification(tmp_path):
    assert cli_import(tmp_path, "办件.csv", HEADER, OCTOBER_ROWS[:3]).returncode == 0
    follow_up = ["办件编号", "受理时间", "评价", "整改时间"]
    done = cli_import(tmp_path, "评价.csv", follow_up, [["S01", "2012-10-08 09:00", "基本满意", None],
                                                   ["S02", "2012-10-08 10:00", None, None]], "--kind", "service")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "更新 1 + 未变 1" in done.stdout  # S01's rating changed; S02 keeps 差评 and its 整改
    stored = stored_rows(tmp_path / "minyi.duckdb",
                     "select item_id, matter_name, satisfaction, rectified from service_items order by 1")
    assert stored == [("S00", "不动产登记", "未回访", None), ("S01", "不动产登记", "基本满意", None),
                      ("S02", "不动产登记", "不满意", True)]


def test_a_township_analyst_imports_its_own_townships_items_only(tmp_path):
    from minyi.ingest.upload import Upload, run_upload

    assert cli_import(tmp_path, "存量.csv", HEADER, OCTOBER_ROWS[:1]).returncode == 0
    own = _item(30, "乡镇级", "2012-10-09 09:00", "3", None, None, None, "窗口", township="城关镇")
    other = _item(31, "乡镇级", "2012-10-09 09:00", "3", None, None, None, "窗口", township="河口镇")
    data = write_csv(tmp_path / "上传.csv", HEADER, [own, other]).read_bytes()
    verdict = run_upload(tmp_path / "minyi.duckdb", [Upload("上传.csv", data)], actor="乡镇分析员",
                         limited_to=("township", "城关镇"))
    assert "读取 2 行 = 新增 1 + 更新 0 + 未变 0 + 拒收 1" in verdict.text and "不在账号范围内" in verdict.text


def test_days_are_working_days_unless_they_say_otherwise(tmp_path):
    """行政许可法 第八十二条: 行政许可 期限 are working days, so "3日" and "3天" are; "3个自然日" is not."""
    rows = [_item(40 + n, "县级", "2012-09-28 10:00", promised, None, None, None, "窗口")
            for n, promised in enumerate(("3日", "3天", "3个自然日", "3个工作日"))]
    assert cli_import(tmp_path, "办件.csv", HEADER, rows).returncode == 0
    assert dict(stored_rows(tmp_path / "minyi.duckdb", "select item_id, deadline from service_items")) == {
        "S40": dt.date(2012, 10, 9), "S41": dt.date(2012, 10, 9), "S42": dt.date(2012, 10, 1),
        "S43": dt.date(2012, 10, 9)}  # 9-29 (a working Saturday), then 国庆 to 10-7, then 10-8 and 10-9


def test_an_export_without_closures_is_not_read_as_open_and_overdue(tmp_path):
    """A township's export without 办结时间 beside a county export with it: its 办件 are left out of
    办结率 and 按时办结率 (not counted unfinished and overdue); an id typed ="0123" is 0123."""
    assert cli_import(tmp_path, "县级.csv", HEADER, OCTOBER_ROWS[1:3]).returncode == 0  # S01 on time, S02 late
    header = ["办件编号", "事项名称", "办理层级", "受理时间", "承诺时限"]
    rows = [['="0123"', "农村五保供养", "乡镇级", "2012-10-08 09:00", "3个工作日"]]
    assert cli_import(tmp_path, "乡镇.csv", header, rows, "--kind", "service").returncode == 0
    county = _rates(tmp_path / "minyi.duckdb")["全县"]
    assert (county["items"], county["closure_items"], county["due"]) == (3, 2, 2)
    assert county["completion_rate"] == 1.0 and county["on_time_rate"] == 0.5
    assert ("0123",) in stored_rows(tmp_path / "minyi.duckdb", "select item_id from service_items")


def test_a_database_from_before_the_new_columns_is_refreshed_not_broken(tmp_path):
    from minyi import dataset

    assert cli_import(tmp_path, "办件.csv", HEADER, OCTOBER_ROWS[:2]).returncode == 0
    snapshot = snapshot_files.current_snapshot(tmp_path / "minyi.duckdb")
    con = db.connect(snapshot)
    con.execute("alter table service_items drop column closure_known")
    con.close()
    assert not dataset.derived_tables_current(snapshot)  # the dashboard publishes it again on start


def test_an_export_from_another_district_system_imports(tmp_path):
    """Another system's 办件 export: a GBK CSV under a title row, 申办流水号 typed '2021…, US dates with
    AM/PM, 行使层级 written 区本级, 所属街道, stars for 好差评, no 办理方式 or 整改 column."""
    header = ["申办流水号", "事项名称", "行使层级", "受理窗口", "所属街道", "申请时间", "承诺期限", "办结日期", "好差评结果",
              "申请人姓名", "联系手机"]
    rows = [["'202100000001", "户口迁移", "区本级", "区政务服务中心", "第001街道", "10/08/2021 09:30 AM", "5", "10/12/2021 04:00 PM",
             "★★★★★", "张三", "13912345678"],
            ["'202100000002", "低保申请", "乡镇", "第002街道便民服务中心", "第002街道", "10/08/2021 02:15 PM", "10日", None, "★★",
             "李四", "13800001111"]]
    export = write_csv(tmp_path / "区政务服务办件.csv", header, rows, encoding="gbk", title="某区政务服务办件明细表")
    done = subprocess.run([sys.executable, "-m", "minyi", "import", str(export), "--db", str(tmp_path / "minyi.duckdb")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "（办件）：读取 2 行 = 新增 2" in done.stdout and "未使用的列" not in done.stdout
    assert stored_rows(tmp_path / "minyi.duckdb", "select item_id, service_level, township, satisfaction, received_at "
                                                  "from service_items order by 1") == [
        ("202100000001", "县级", "第001街道", "满意", dt.datetime(2021, 10, 8, 9, 30)),
        ("202100000002", "乡镇级", "第002街道", "不满意", dt.datetime(2021, 10, 8, 14, 15))]
    county = _rates(tmp_path / "minyi.duckdb", period=(dt.date(2021, 1, 1), dt.date(2021, 12, 31)))["全县"]
    assert county["online_rate"] is None and county["rectification_rate"] is None  # no such columns: 无数据
