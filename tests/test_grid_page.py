"""The 网格 page, as the dashboard runs it (AppTest): the rates of the chosen place with their 同比,
the units one level down ranked with the laggards in red, and a township drilled down to a
village and a grid; a database without grid events says so instead of showing zeros."""

from __future__ import annotations

import json
import subprocess
import sys

from minyi import charts
from tests.dashboard_runs import figures_by_title, open_dashboard


def test_the_county_ranks_its_townships_with_the_laggards_in_red(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/grid.py")
    assert app.title[0].value == "网格"
    cards = " ".join(element.proto.body for element in app.get("html"))
    for label in ("发现率", "结案率", "按期结案率", "满意率"):
        assert label in cards
    figure = figures_by_title(app)["各乡镇（街道）按期结案率"]
    bars = figure["data"][0]
    colors = dict(zip(bars["y"], bars["marker"]["color"]))
    assert len(colors) == 16 and colors["柳溪乡"] == charts.RED and colors["河口镇"] == charts.RED
    assert "红色为后3位" in json.dumps(figure["layout"], ensure_ascii=False)
    assert "按期结案率=在处置时限内结案÷应结案数" in json.dumps(figure["layout"], ensure_ascii=False)
    assert "网格化服务管理平台事件导出" in json.dumps(figure["layout"], ensure_ascii=False)


def test_a_township_drills_down_to_a_village_and_a_grid(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/grid.py", township="河口镇")
    assert "各村（社区）按期结案率" in figures_by_title(app)
    village = app.selectbox(key="grid_village").options[1]
    app.selectbox(key="grid_village").set_value(village).run()
    assert "各网格按期结案率" in figures_by_title(app)
    grid = app.selectbox(key="grid_grid").options[1]
    app.selectbox(key="grid_grid").set_value(grid).run()
    events = app.dataframe[-1].value
    assert len(events) and set(events["grid"]) == {grid} and set(events["township"]) == {"河口镇"}
    assert f"河口镇/{village}/{grid}的事件" in [header.value for header in app.subheader]
    assert not any("表中列出最近" in caption.value for caption in app.caption)  # all of the grid's events are listed


def test_without_grid_events_the_page_says_so(hand_db, monkeypatch):
    app = open_dashboard(hand_db, monkeypatch, "pages/grid.py")
    assert any("还没有网格事件" in element.value for element in app.info) or any(
        "还没有网格事件" in element.value for element in app.markdown)
    assert not app.get("plotly_chart")


def test_the_department_filter_keeps_the_events_it_disposes_of(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/grid.py", department="县城管局", township="城关街道")
    events = app.dataframe[-1].value
    assert len(events) and set(events["category"]) == {"环境卫生"}


def test_a_month_without_events_of_a_source_is_zero_not_a_gap(tmp_path):
    import datetime as dt

    from minyi import db, grid_view
    from tests.export_files import cli_import
    from tests.test_grid import HEADER, _event

    rows = [_event(1, 5, "网格员上报", 48, 24)]
    rows.append(_event(2, 5, "群众上报", 48, 24)[:8] + ["2016-10-05 09:00"] + [None] * 7)  # October only
    assert cli_import(tmp_path, "事件.csv", HEADER, rows).returncode == 0
    con = db.open_reader(tmp_path / "minyi.duckdb")
    try:
        series = grid_view.events_by_source(con, dt.date(2016, 9, 1), dt.date(2016, 12, 31), grid_view.Place())
    finally:
        con.close()
    values = {(row.group, row.bucket.month): row.value for row in series.itertuples()}
    assert values == {("网格员巡查发现", 9): 0, ("网格员巡查发现", 10): 0, ("网格员巡查发现", 11): 0,
                      ("网格员巡查发现", 12): 1, ("群众上报", 9): 0, ("群众上报", 10): 1, ("群众上报", 11): 0,
                      ("群众上报", 12): 0}



def test_a_department_without_grid_events_gets_no_data_not_an_error(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/grid.py", department="县信访局")
    assert not app.exception
    said = [element.value for element in app.info]
    assert any("全县（县信访局处置）在2012年1-9月没有网格事件" in text for text in said) and not app.get("plotly_chart")


def test_a_period_without_grid_events_says_so_with_the_span_there_is(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/grid.py", period="年", year="2010年", township="河口镇",
                         department="县信访局")
    said = [element.value for element in app.info]
    assert any("河口镇（县信访局处置）在2010年没有网格事件（已导入的12,500件上报于2010年01月" in text for text in said)
    assert not app.get("plotly_chart")


def test_an_export_without_villages_goes_from_the_township_to_its_grids(tmp_path, monkeypatch):
    from tests.export_files import COMPLAINT_HEADER, imported_database, write_csv

    path = imported_database(tmp_path, "工单.csv", COMPLAINT_HEADER, [
        [f"G{n}", "2016-03-01 09:00", "第1街道", "县城管局", "噪声", "内容", None, None, None, None, None, "否"]
        for n in range(12)])
    rows = [[f"E{n}", "第1街道", f"{n % 3 + 1}号网格", "2016-02-10 09:00", "48小时", "2016-02-11 09:00"]
            for n in range(9)]
    export = write_csv(tmp_path / "台账.csv", ["案卷编号", "所属街道", "责任网格", "上报时间", "处置期限", "结案时间"], rows)
    subprocess.run([sys.executable, "-m", "minyi", "import", str(export), "--db", str(path)], check=True,
                   capture_output=True)
    app = open_dashboard(path, monkeypatch, "pages/grid.py", period="年", year="2016年", township="第1街道")
    figure = figures_by_title(app)["各网格按期结案率"]
    assert sorted(figure["data"][0]["y"]) == ["1号网格", "2号网格", "3号网格"]
    app.selectbox(key="grid_grid").set_value("2号网格").run()
    assert set(app.dataframe[-1].value["grid"]) == {"2号网格"}


def test_the_hierarchy_is_drawn_as_a_treemap_whose_areas_add_up(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/grid.py")
    treemap = figures_by_title(app)["全县网格事件分布"]["data"][0]
    assert treemap["type"] == "treemap" and treemap["branchvalues"] == "total"
    nodes = dict(zip(treemap["ids"], zip(treemap["parents"], treemap["values"])))
    townships = [node for node, (parent, _) in nodes.items() if parent == ""]
    assert len(townships) == 16
    for township in townships:  # a township is the sum of its villages
        assert nodes[township][1] == sum(value for parent, value in nodes.values() if parent == township)
    app = open_dashboard(demo_db, monkeypatch, "pages/grid.py", township="河口镇")
    treemap = figures_by_title(app)["河口镇网格事件分布"]["data"][0]
    assert all(node.startswith("河口镇/") for node in treemap["ids"])
    assert {parent for parent in treemap["parents"] if "/" not in parent} == {""}  # its villages are the top
