"""The grid hierarchy 乡镇 → 村（社区） → 网格, learnt from the exports as a dimension with aliases and
parents: a 数字城管 export that gives only the 网格编码 rolls up to the township and village of that
grid, a village spelt 红旗村委会 is 红旗村, and a grid first known only by its code takes its name."""

from __future__ import annotations

import datetime as dt

from minyi import db, grid_metrics
from minyi.grid_metrics import GridPolicy
from tests.export_files import cli_import, stored_rows

LEDGER = ["事件编号", "所属街道", "所属社区", "网格名称", "网格编码", "事件来源", "上报时间", "处置时限", "结案时间"]
CODED = ["案件号", "网格编码", "问题来源", "上报时间", "处置时限", "结案时间"]
DECEMBER = (dt.date(2016, 12, 1), dt.date(2016, 12, 31))


def _ledger_rows() -> list[list]:
    return [["L1", "竟陵街道", "红旗社区", "红旗第1网格", "GRID-001", "网格员上报", "2016-12-01 09:00", "48小时",
             "2016-12-02 09:00"],
            ["L2", "竟陵街道", "红旗社区", "红旗第2网格", "GRID-002", "网格员上报", "2016-12-01 09:00", "48小时",
             "2016-12-02 09:00"],
            ["L3", "侨乡街道", "光明社区", "光明第1网格", "GRID-101", "群众上报", "2016-12-01 09:00", "48小时", None]]


def _rates(path, by: str) -> dict:
    con = db.open_reader(path)
    try:
        table = grid_metrics.rates_by(con, *DECEMBER, by, policy=GridPolicy())
    finally:
        con.close()
    return {row["unit"]: row for row in table.to_dict(orient="records")}


def test_an_export_with_only_grid_codes_rolls_up_to_their_townships_and_villages(tmp_path):
    assert cli_import(tmp_path, "网格事件台账.csv", LEDGER, _ledger_rows()).returncode == 0
    coded = [["C1", "grid-001", "监督员上报", "2016-12-05 09:00", "48小时", "2016-12-06 09:00"],
             ["C2", "ＧＲＩＤ－１０１", "公众举报", "2016-12-05 09:00", "48小时", "2016-12-09 09:00"],
             ["C3", "GRID-999", "公众举报", "2016-12-05 09:00", "48小时", None]]
    done = cli_import(tmp_path, "数字城管案件.csv", CODED, coded)
    assert done.returncode == 0, done.stdout + done.stderr
    stored = stored_rows(tmp_path / "minyi.duckdb",
                     "select event_id, township, village, grid, grid_code from grid_events where event_id like 'C%' order by 1")
    assert stored == [("C1", "竟陵街道", "红旗社区", "红旗第1网格", "grid-001"),
                      ("C2", "侨乡街道", "光明社区", "光明第1网格", "ＧＲＩＤ－１０１"),
                      ("C3", None, None, "GRID-999", "GRID-999")]  # an unknown code: named by itself
    townships = _rates(tmp_path / "minyi.duckdb", "township")
    assert townships["竟陵街道"]["events"] == 3 and townships["侨乡街道"]["events"] == 2
    grids = _rates(tmp_path / "minyi.duckdb", "grid")
    assert grids["竟陵街道/红旗社区/红旗第1网格"]["events"] == 2


def test_a_village_spelt_another_way_is_the_same_village(tmp_path):
    assert cli_import(tmp_path, "台账.csv", LEDGER, _ledger_rows()).returncode == 0
    later = [["L9", "竟陵街道", "红旗社区居委会", "红旗第1网格", None, "网格员上报", "2016-12-08 09:00", "48小时",
              "2016-12-09 09:00"]]
    assert cli_import(tmp_path, "十二月.csv", LEDGER, later).returncode == 0
    villages = _rates(tmp_path / "minyi.duckdb", "village")
    assert set(villages) == {"竟陵街道/红旗社区", "侨乡街道/光明社区"} and villages["竟陵街道/红旗社区"]["events"] == 3
    members = stored_rows(tmp_path / "minyi.duckdb",
                      "select dimension, name, parent from dimension_members where dimension in ('village', 'grid') order by 1, 2")
    assert ("village", "竟陵街道/红旗社区", "竟陵街道") in members
    assert ("grid", "竟陵街道/红旗社区/红旗第1网格", "竟陵街道/红旗社区") in members


def test_a_grid_known_only_by_its_code_takes_its_name_once_an_export_names_it(tmp_path):
    coded = [["C1", "GRID-777", "监督员上报", "2016-12-05 09:00", "48小时", "2016-12-06 09:00"]]
    assert cli_import(tmp_path, "数字城管案件.csv", CODED, coded).returncode == 0
    named = [["L7", "竟陵街道", "红旗社区", "红旗第7网格", "GRID-777", "网格员上报", "2016-12-07 09:00", "48小时", None]]
    assert cli_import(tmp_path, "台账.csv", LEDGER, named).returncode == 0
    assert stored_rows(tmp_path / "minyi.duckdb", "select event_id, township, village, grid from grid_events order by 1") == [
        ("C1", "竟陵街道", "红旗社区", "红旗第7网格"), ("L7", "竟陵街道", "红旗社区", "红旗第7网格")]


def test_a_township_analyst_does_not_re_point_a_grid_code(tmp_path):
    from minyi.ingest.upload import Upload, run_upload
    from tests.export_files import write_csv

    assert cli_import(tmp_path, "台账.csv", LEDGER, _ledger_rows()).returncode == 0
    own = [["Q1", "侨乡街道", "光明社区", "光明第9网格", "GRID-001", "网格员上报", "2016-12-03 09:00", "48小时", None]]
    data = write_csv(tmp_path / "上传.csv", LEDGER, own).read_bytes()
    run_upload(tmp_path / "minyi.duckdb", [Upload("上传.csv", data)], actor="乡镇分析员", limited_to=("township", "侨乡街道"))
    assert cli_import(tmp_path, "数字城管.csv", CODED, [["C1", "GRID-001", "监督员上报", "2016-12-05 09:00", "48小时", None]]
                   ).returncode == 0
    assert stored_rows(tmp_path / "minyi.duckdb", "select township, grid from grid_events where event_id = 'C1'") == [
        ("竟陵街道", "红旗第1网格")]  # still the county's grid of that code
