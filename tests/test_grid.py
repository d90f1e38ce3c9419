"""Grid events (网格化服务管理, 数字城管): imported through the same importer as cases, and their
rates as a published report counts them. The fixture rebuilds the 天门 数字化城市管理 report of
December 2016 (受理 1054, 立案 996, 应结案 972, 结案 911 = 93.72%, 按期结案 737 = 75.82%, 监督员巡查上报
953 = 95.68% of 立案; see ../shared/domain/definitions.md §4.3)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from minyi import db, grid_metrics
from minyi.grid_metrics import GridPolicy
from tests.export_files import cli_import, stored_rows, write_csv

HEADER = ["事件编号", "所属街道", "社区", "网格", "事件来源", "事件类别", "上报人", "联系电话", "上报时间", "派遣时间",
          "处置时限", "处置完成时间", "结案时间", "状态", "回访满意度", "事件描述"]


def _stamp(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _event(number: int, day: int, source: str, deadline_hours: int | None, closed_after_hours: int | None,
           status: str = "已结案", closed_at: dt.datetime | None = None, satisfaction: str | None = "满意"):
    reported = dt.datetime(2016, 12, day, 9, 0)
    closed = closed_at or (reported + dt.timedelta(hours=closed_after_hours) if closed_after_hours else None)
    deadline = reported + dt.timedelta(hours=deadline_hours) if deadline_hours else None
    township = ("竟陵街道", "侨乡街道")[number % 2]
    return [f"TM{number:05d}", township, f"{township[:2]}社区{number % 3 + 1}", f"网格{number % 5 + 1}", source, "市容环境",
            "张三", "13912345678", _stamp(reported), _stamp(reported + dt.timedelta(hours=1)), _stamp(deadline),
            _stamp(closed), _stamp(closed), status, satisfaction if closed else None, f"第{number}号事件，张三反映"]


def tianmen_rows() -> list[list]:
    """1054 events reported in December 2016, as the report counts them."""
    rows, number = [], 0
    sources = ["监督员上报"] * 953 + ["微信举报"] * 43  # of the 996 立案
    plan = [("on time", 737), ("late", 174), ("open past deadline", 61), ("not yet due", 24)]
    index = 0
    for kind, count in plan:
        for _ in range(count):
            source = sources[index]
            index += 1
            number += 1
            if kind == "on time":
                rows.append(_event(number, (number % 25) + 1, source, 48, 24))
            elif kind == "late":
                rows.append(_event(number, (number % 25) + 1, source, 48, 72))
            elif kind == "open past deadline":  # closed in January, or still open
                later = dt.datetime(2017, 1, 5, 10, 0) if number % 2 else None
                rows.append(_event(number, (number % 20) + 1, source, 48, None, status="处置中", closed_at=later))
            else:  # due in January
                rows.append(_event(number, 30, source, 96, None, status="处置中"))
    for _ in range(58):  # reported, not 立案
        number += 1
        rows.append(_event(number, 10, "微信举报", None, None, status=("作废", "不予立案")[number % 2]))
    return rows


@pytest.fixture(scope="module")
def tianmen_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tianmen")
    export = write_csv(folder / "网格事件2016年12月.csv", HEADER, tianmen_rows())
    path = folder / "minyi.duckdb"
    done = subprocess.run([sys.executable, "-m", "minyi", "import", str(export), "--db", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "读取 1,054 行 = 新增 1,054 + 更新 0 + 未变 0 + 拒收 0" in done.stdout
    return path


DECEMBER = (dt.date(2016, 12, 1), dt.date(2016, 12, 31))


def _county(path, period=DECEMBER, **policy) -> dict:
    """The county's counts and rates of `period` (the first row; None when no event)."""
    con = db.open_reader(path)
    try:
        table = grid_metrics.rates_by(con, *period, policy=GridPolicy(**policy))
    finally:
        con.close()
    return table.iloc[0].to_dict() if len(table) else None



def test_the_published_report_is_reproduced(tianmen_db):
    county = _county(tianmen_db)
    assert (county["events"], county["registered"], county["closure_base"], county["closed"],
            county["closed_on_time"], county["found_by_staff"]) == (1054, 996, 972, 911, 737, 953)
    assert f"{county['closure_rate']:.2%}" == "93.72%"
    assert f"{county['closed_on_time_rate']:.2%}" == "75.82%"
    assert f"{county['found_rate']:.2%}" == "95.68%"


def test_the_closure_rate_over_registered_events_is_a_policy_choice(tianmen_db):
    county = _county(tianmen_db, closure_denominator="registered", found_denominator="all")
    assert county["closure_base"] == 996 and county["closure_rate"] == pytest.approx(911 / 996)
    assert county["found_rate"] == pytest.approx(953 / 1054)
    assert "结案率=期末前已结案÷立案事件数" in GridPolicy(closure_denominator="registered").describe()


def test_no_personal_data_isstored_rows(tianmen_db):
    text = str(stored_rows(tianmen_db, "select * from grid_events"))
    assert "13912345678" not in text and "张三" not in text


def test_the_command_line_prints_the_rates_with_their_basis(tianmen_db):
    done = subprocess.run([sys.executable, "-m", "minyi", "metrics", "--kind", "grid", "--from", "2016-12-01",
                           "--to", "2016-12-31", "--by", "township", "--format", "json", "--db", str(tianmen_db)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert "结案率=期末前已结案÷应结案数" in printed["口径"]
    units = {row["unit"]: row for row in printed["rows"]}
    assert set(units) == {"全县", "竟陵街道", "侨乡街道"}
    assert units["全县"]["closure_rate"] == pytest.approx(911 / 972)
    assert units["竟陵街道"]["events"] + units["侨乡街道"]["events"] == 1054



def test_a_city_management_export_is_read_as_grid_events(tmp_path):
    """数字城管 vocabulary (案件号, 问题来源, 立案时间, 处置截止时间, 案件状态, 专业部门), dates written
    month first as an English-made system writes them."""
    header = ["案件号", "所属街道", "问题来源", "大类", "立案时间", "处置截止时间", "结案时间", "案件状态", "专业部门"]
    rows = [["C1", "竟陵街道", "监督员上报", "市容环境", "12/01/2016 09:00", "12/03/2016 09:00", "12/02/2016 10:00",
             "已结案", "城管局"],
            ["C2", "竟陵街道", "公众举报", "街面秩序", "12/13/2016 09:00", "12/15/2016 09:00", None, "处置中", "城管局"]]
    done = cli_import(tmp_path, "城管案件.csv", header, rows)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "城管案件.csv（网格事件）：读取 2 行 = 新增 2" in done.stdout
    path = tmp_path / "minyi.duckdb"
    stored = stored_rows(path, "select event_id, event_at, found_by_staff, department from grid_events order by 1")
    county = _county(path)
    assert stored == [("C1", dt.datetime(2016, 12, 1, 9), True, "城管局"), ("C2", dt.datetime(2016, 12, 13, 9), False, "城管局")]
    assert (county["closed"], county["closure_base"], county["found_rate"]) == (1, 2, 0.5)
    assert county["satisfaction_rate"] is None and county["reported_in_time_rate"] is None  # no such columns: 无数据


def test_bad_rows_are_rejected_with_reasons_and_kept(tmp_path):
    rows = [
        _event(1, 5, "网格员上报", 48, 24),
        ["TM00002", "竟陵街道", None, None, "群众上报", "市容环境", None, None, "2016-13-45", None, None, None, None, None,
         None, None],
        ["TM00003", "竟陵街道", None, None, "群众上报", "市容环境", None, None, "2016-12-05 09:00", None, "三天内",
         None, "2016-12-01 09:00", None, None, None],
        [None, "竟陵街道", None, None, "群众上报", "市容环境", None, None, "2016-12-05 09:00", None, None, None, None,
         None, None, None],
    ]
    done = cli_import(tmp_path, "网格事件.csv", HEADER, rows)
    assert done.returncode == 3, done.stderr  # three rows of four rejected: more than MINYI_MAX_REJECTED_SHARE
    text = done.stdout
    assert "读取 4 行 = 新增 1 + 更新 0 + 未变 0 + 拒收 3" in text
    assert "网格事件.csv 第3行：「上报时间」的日期「2016-13-45」无法识别" in text
    assert "第4行：「处置时限」「三天内」既不是日期" in text and "「结案时间」「2016-12-01 09:00」早于事件的上报（发现）时间" in text
    assert "第5行：「事件编号」为空" in text
    quarantined = next((tmp_path / "quarantine").rglob("*.csv")).read_text(encoding="utf-8-sig")
    assert "13912345678" not in quarantined and "张三" not in quarantined  # personal columns never reach it


def test_a_township_analyst_imports_its_own_townships_events_only(tmp_path):
    from minyi.ingest.upload import Upload, run_upload

    assert cli_import(tmp_path, "存量.csv", HEADER, [_event(1, 5, "网格员上报", 48, 24)]).returncode == 0
    own, other = _event(3, 6, "网格员上报", 48, 24), _event(2, 6, "网格员上报", 48, 24)  # odd: 侨乡, even: 竟陵
    data = write_csv(tmp_path / "上传.csv", HEADER, [own, other]).read_bytes()
    verdict = run_upload(tmp_path / "minyi.duckdb", [Upload("上传.csv", data)], actor="乡镇分析员",
                         limited_to=("township", "侨乡街道"))
    assert "读取 2 行 = 新增 1 + 更新 0 + 未变 0 + 拒收 1" in verdict.text and "不在账号范围内" in verdict.text


def test_rates_are_none_without_events_not_zero(tianmen_db):
    assert _county(tianmen_db, (dt.date(2015, 1, 1), dt.date(2015, 1, 31))) is None  # no row at all


def test_rates_over_no_registered_event_are_none_not_zero(tmp_path):
    rows = [_event(n, 10, "网格员上报", None, None, status="作废") for n in (1, 2)]
    assert cli_import(tmp_path, "作废.csv", HEADER, rows).returncode == 0
    county = _county(tmp_path / "minyi.duckdb")
    assert (county["events"], county["registered"]) == (2, 0)
    assert all(county[rate] is None for rate in grid_metrics.RATES)


def test_a_follow_up_export_does_not_move_an_event_to_another_date(tmp_path):
    assert cli_import(tmp_path, "上报.csv", HEADER, [_event(1, 5, "网格员上报", 48, None, status="处置中")]).returncode == 0
    follow_up = write_csv(tmp_path / "立案.csv", ["事件编号", "立案时间", "结案时间"],
                          [["TM00001", "2016-12-20 09:00", "2016-12-21 09:00"]])
    done = subprocess.run([sys.executable, "-m", "minyi", "import", str(follow_up), "--kind", "grid",
                           "--db", str(tmp_path / "minyi.duckdb")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert stored_rows(tmp_path / "minyi.duckdb", "select event_at, registered_at, closed_at from grid_events") == [
        (dt.datetime(2016, 12, 5, 9), dt.datetime(2016, 12, 20, 9), dt.datetime(2016, 12, 21, 9))]


def test_a_deadline_in_hours_counts_from_dispatch(tmp_path):
    header = ["事件编号", "网格", "事件来源", "发现时间", "上报时间", "派遣时间", "处置时限", "处置完成时间"]
    rows = [["E1", "一网格", "网格员上报", "2016-12-01 08:00", "2016-12-01 09:30", "2016-12-01 10:00", "24小时",
             "2016-12-02 09:00"],
            ["E2", "一网格", "网格员上报", "2016-12-01 08:00", "2016-12-02 09:00", "2016-12-02 10:00", "2天",
             "2016-12-05 09:00"]]
    assert cli_import(tmp_path, "事件.csv", header, rows).returncode == 0
    deadlines = stored_rows(tmp_path / "minyi.duckdb", "select event_id, deadline from grid_events order by 1")
    county = _county(tmp_path / "minyi.duckdb")
    assert deadlines == [("E1", dt.datetime(2016, 12, 2, 10)), ("E2", dt.datetime(2016, 12, 4, 10))]
    assert (county["disposed"], county["disposed_on_time"], county["disposal_rate"]) == (2, 1, 1.0)
    assert county["reported_in_time_rate"] == 0.5  # E2 reported 25 hours after it was found
    assert county["closure_rate"] is None  # no 结案时间 column: 无数据
