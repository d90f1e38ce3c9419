"""The 便民服务 page, as the dashboard runs it (AppTest): the demo county's headline figures (8,356
办件 in 2012年1-9月, 按时办结率 and 评议满意率 above 99%), volume by level, the centres of a level ranked
with the laggards in red, and a database without 办件 saying so instead of showing zeros."""

from __future__ import annotations

import json

from minyi import charts
from tests.dashboard_runs import figures_by_title, open_dashboard, shown_cards


def test_the_county_figures_are_the_documents_figures(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/service.py")
    assert app.title[0].value == "便民服务"
    cards = shown_cards(app)
    assert cards["办件量"].value == "8,356件" and cards["咨询人次"].value == "2,518人次"
    for label in ("按时办结率", "评议满意率"):
        assert float(cards[label].value.rstrip("%")) > 99, cards[label]
        assert "口径" in cards[label].sentence
    assert cards["差评率"].value.endswith("%") and cards["网办率"].value.endswith("%")
    assert any("9月环比" in line for line in cards["办件量"].lines)
    levels = figures_by_title(app)["各层级办件量"]["data"][0]
    assert sorted(levels["y"]) == ["乡镇级", "县级", "村级"] and sum(levels["x"]) == 8356


def test_the_catalogue_change_is_drawn_with_its_sentence(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/service.py")
    figure = figures_by_title(app)["县级事项目录项数"]
    assert figure["data"][0]["y"] == [289, 147]
    assert "县级事项目录由2011年的289项精简到2012年的147项，精简49.1%。" in json.dumps(figure["layout"], ensure_ascii=False)


def test_township_centres_are_ranked_with_the_laggards_in_red(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/service.py")
    figure = figures_by_title(app)["乡镇级服务中心（窗口）按时办结率"]
    colors = dict(zip(figure["data"][0]["y"], figure["data"][0]["marker"]["color"]))
    assert len(colors) == 16
    assert colors["河口镇便民服务中心"] == charts.RED and colors["柳溪乡便民服务中心"] == charts.RED
    layout = json.dumps(figure["layout"], ensure_ascii=False)
    assert "按时办结率=在承诺时限内办结件÷应办结件" in layout and "政务服务平台办件导出" in layout


def test_bad_reviews_rank_the_fewest_first(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/service.py")
    app.segmented_control(key="service_rate").set_value("bad_review_rate").run()
    bars = figures_by_title(app)["乡镇级服务中心（窗口）差评率"]["data"][0]
    values = list(reversed(bars["x"]))  # drawn bottom up: the first row is on top
    assert values == sorted(values)
    colors = dict(zip(bars["y"], bars["marker"]["color"]))
    assert colors["河口镇便民服务中心"] == charts.RED  # the most 差评 is the laggard


def test_a_township_shows_its_own_centres(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/service.py", township="河口镇")
    levels = figures_by_title(app)["各层级办件量"]["data"][0]
    assert sorted(levels["y"]) == ["乡镇级", "村级"]  # the 县 centre's 办件 are no township's
    app.selectbox(key="service_level").set_value("村级").run()
    village_bars = figures_by_title(app)["村级服务中心（窗口）按时办结率"]["data"][0]
    assert all(name.endswith("便民服务站") for name in village_bars["y"])


def test_without_service_items_the_page_says_so(hand_db, monkeypatch):
    app = open_dashboard(hand_db, monkeypatch, "pages/service.py")
    assert any("还没有便民服务办件" in element.value for element in app.info)
    assert not app.get("plotly_chart")


def test_a_period_without_service_items_says_so_with_the_span_there_is(demo_db, monkeypatch):
    app = open_dashboard(demo_db, monkeypatch, "pages/service.py", department="县信访局")
    said = [element.value for element in app.info]
    assert any("全县（县信访局实施）在2012年1-9月没有办件（已导入的" in text for text in said)
    assert not app.get("plotly_chart")


def test_the_overview_gains_the_service_figures_when_service_items_are_loaded(demo_db, hand_db, monkeypatch):
    cards = shown_cards(open_dashboard(demo_db, monkeypatch))
    assert cards["便民服务办件"].value == "8,356件" and float(cards["办件按时办结率"].value.rstrip("%")) > 99
    assert "便民服务办件" not in shown_cards(open_dashboard(hand_db, monkeypatch))


def test_a_county_with_only_service_items_gets_its_page_on_their_own_span(tmp_path, monkeypatch):
    """No cases at all, 办件 of September and October 2012: the 便民服务 page offers their span (数据截至
    2012年11月2日, its last closure), while the case pages say there are no cases yet."""
    import subprocess
    import sys

    from tests.test_service import HEADER, OCTOBER_ROWS
    from tests.export_files import write_csv

    export = write_csv(tmp_path / "办件.csv", HEADER, OCTOBER_ROWS)
    subprocess.run([sys.executable, "-m", "minyi", "import", str(export), "--db", str(tmp_path / "minyi.duckdb")],
                   check=True, capture_output=True)
    app = open_dashboard(tmp_path / "minyi.duckdb", monkeypatch, "pages/service.py")
    assert shown_cards(app)["办件量"].value == "9件"
    assert any("数据截至2012年11月2日" in element.value for element in app.markdown)
    overview = open_dashboard(tmp_path / "minyi.duckdb", monkeypatch)
    assert any("还没有案件" in element.value for element in overview.info)
