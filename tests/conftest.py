"""Shared fixtures: the demo county, and a small county whose numbers are worked out by hand."""

from __future__ import annotations

import csv

import pytest
from streamlit import config as streamlit_config

from minyi import db
from minyi.__main__ import main
from minyi.demo import build_demo


# The dashboard shows no error details (.streamlit/config.toml); a failing AppTest run should (the
# option, not its environment variable, which the config file overrides). Servers the browser tests
# start read the project's settings as a county runs them (tests/browser_runs.py).
streamlit_config.set_option("client.showErrorDetails", "full")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo county exactly as `make run` shows it (100,000 cases, built in a few seconds)."""
    path = tmp_path_factory.mktemp("demo") / "minyi.duckdb"
    build_demo(path)
    return path


@pytest.fixture(scope="session")
def demo_reader(demo_db):
    """A read-only connection on the demo county."""
    connection = db.open_reader(demo_db)
    yield connection
    connection.close()


HEADER = ["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "回访结果", "是否重复件"]


def _petition_rows() -> list[list[str]]:
    """341 petitions. 2011: 200 received 2011-05-01, all closed on 05-10 满意.
    2012 (141 = 200 × 0.705, so 同比 -29.5% exactly):
      120 新棉镇 received 03-01, closed 03-20 (deadline 04-30: on time): 100 满意 + 20 基本满意, 7 repeats
       10 回隆乡 received 02-01, closed 05-01 (deadline 02-01 + 60 days = 04-01: late): 4 不满意 + 6 未回访
        5 回隆乡 received 06-01, open (deadline 07-31, before 09-30: overdue)
        6 回隆乡 received 09-01, open (deadline 10-31: not yet due)
    """
    rows = [[f"XF2011{i:04d}", "2011-05-01", "新棉镇", "县信访局", "2011-05-10", "满意", "否"] for i in range(200)]
    for i in range(120):
        answer = "满意" if i < 100 else "基本满意"
        rows.append([f"XF2012A{i:03d}", "2012-03-01", "新棉镇", "县信访局", "2012-03-20", answer, "是" if i < 7 else "否"])
    for i in range(10):
        rows.append([f"XF2012B{i:03d}", "2012/2/1", "回隆乡", "县住建局", "2012年5月1日", "不满意" if i < 4 else "", "否"])
    rows += [[f"XF2012C{i:03d}", "20120601", "回隆乡", "县住建局", "", "", "否"] for i in range(5)]
    rows += [[f"XF2012D{i:03d}", "2012-09-01 10:00", "回隆乡", "县住建局", "", "", "否"] for i in range(6)]
    return rows


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory):
    """341 petitions whose every dashboard number is worked out by hand (see _petition_rows)."""
    folder = tmp_path_factory.mktemp("metrics")
    export = folder / "信访件.csv"
    with open(export, "w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(_petition_rows())
    path = folder / "minyi.duckdb"
    assert main(["import", str(export), "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="session")
def chdb_folder(tmp_path_factory):
    """The one folder chdb's engine runs on in this process (it takes the first it is given)."""
    return tmp_path_factory.mktemp("chdb")


@pytest.fixture
def empty_load_record(chdb_folder):
    """chdb_folder without any load of the dashboard's catalog (`minyi`): loads recorded by tests run
    before (in any order) dropped, for a test that starts from "nothing loaded yet"."""
    from minyi import clickhouse

    store = clickhouse.chdb_store(chdb_folder, "default")
    try:
        for name in store.client.query("select name from system.databases where name = 'minyi' "
                                       "or startsWith(name, 'minyi_snapshot_')").result_rows:
            store.execute("drop database if exists {database:Identifier}", database=name[0])
    finally:
        store.close()
    return chdb_folder
