"""The dashboard opens on the demo county and on an empty database, and its numbers follow the
filters to the values worked out by hand for the `hand_db` county (see conftest._petition_rows)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from minyi import db, snapshot_files
from tests.dashboard_runs import shown_cards

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGES = ("pages/overview.py", "pages/trends.py", "pages/timeliness.py", "pages/satisfaction.py",
         "pages/rankings.py", "pages/briefing.py", "pages/data_status.py")


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def empty_db(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    with snapshot_files.publishing(path):
        pass
    monkeypatch.setenv("MINYI_DB", str(path))
    return path


@pytest.fixture
def hand(hand_db, monkeypatch):
    monkeypatch.setenv("MINYI_DB", str(hand_db))
    return hand_db


def _open(page: str, **url: str) -> AppTest:
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.query_params.update(url)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    return app


def _metrics(app: AppTest) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta) for m in shown_cards(app).values()}


def _text(app: AppTest) -> str:
    lines = [line for card in shown_cards(app).values() for line in card.lines]
    return "\n".join([m.value for m in app.markdown] + lines + [c.value for c in app.caption] + [i.value for i in app.info])


def _chart_texts(app: AppTest) -> list[str]:
    """Every text a chart draws: titles, bar-end labels, annotations."""
    texts = []
    for chart in app.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        layout = figure.get("layout", {})
        texts.append(str(layout.get("title", {})))
        texts += [str(note.get("text")) for note in layout.get("annotations", [])]
        for trace in figure.get("data", []):
            texts += [str(text) for text in (trace.get("text") or [])] if isinstance(trace.get("text"), list) else []
    return texts


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_demo_data_marked_as_demo(demo_db, monkeypatch, page):
    monkeypatch.setenv("MINYI_DB", str(demo_db))
    app = _open(page)
    assert any("演示数据" in w.value for w in app.warning)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_an_empty_database(empty_db, page):
    app = _open(page)
    assert not any("演示数据" in w.value for w in app.warning)
    if page != "pages/data_status.py":
        assert any("还没有案件" in i.value for i in app.info)


def test_demo_overview_opens_on_the_year_to_date_story(demo_db, monkeypatch):
    monkeypatch.setenv("MINYI_DB", str(demo_db))
    app = _open("pages/overview.py")
    assert _metrics(app)["信访受理"][1] == "-29.5%"
    assert "2012年1-9月" in app.caption[0].value
    assert "同比下降" in _text(app)


YEAR_TO_SEPTEMBER = {"period": "1–N月", "month": "9月"}  # the hand county's data end on 1 September


def test_overview_opens_on_the_last_complete_month(hand):
    app = _open("pages/overview.py")
    assert "统计期间：2012年1-8月" in app.caption[0].value
    assert ":gray[本县　数据截至2012年9月1日]" in [m.value for m in app.markdown]  # the header of every page


def test_overview_year_to_date_cut_at_the_data_end_matches_hand_computed_values(hand):
    app = _open("pages/overview.py", **YEAR_TO_SEPTEMBER)
    cards = _metrics(app)
    assert cards["信访受理"] == ("141件", "-29.5%")       # 141 against 200 on the same dates of 2011
    assert "投诉受理" not in cards                         # no complaint was ever imported: no "0件" card
    assert cards["办结率"] == ("92.2%", "-7.8个百分点")     # 130/141 against 200/200
    assert cards["按时办结率"] == ("88.9%", "-11.1个百分点")  # 120/(130 closed + 5 overdue)
    assert cards["满意率"] == ("96.8%", "-3.2个百分点")      # (100+20)/(100+20+4)
    assert cards["超期未办结"][0] == "5件" and cards["重复件"][0] == "7件"
    text = _text(app)
    assert "数据截至2012年9月1日" in text                  # the last receipt: the period is cut there
    # 1–N月: 环比 of its latest month (9月, cut at 9月1日) against the same days of August, not 2011年4–12月
    assert "同比对比2011年1月1日-9月1日，9月环比对比2012年8月1日" in text
    assert "2012年1月1日至9月1日，全县共受理信访事项141件，同比下降29.5%，其中9月1日受理6件。" in text
    assert "9月环比 —" in text and "环比 :" not in text      # 6 against none: no percentage; no rate has one


def test_period_and_township_filters_change_the_numbers(hand):
    app = _open("pages/overview.py")
    app.button_group(key="period").set_value("month").run()
    app.sidebar.selectbox(key="month").set_value(3).run()
    cards = _metrics(app)
    assert cards["信访受理"] == ("120件", None)            # March 2012; none in March 2011
    assert cards["办结率"][0] == "100.0%"
    petitions = shown_cards(app)["信访受理"]
    assert ("环比 ↑1100.0%", "bad") in zip(petitions.lines, petitions.tones)  # 120 against the 10 of February, red
    assert "2012年3月" in app.caption[0].value

    app.button_group(key="period").set_value("ytd").run()    # 1–N月 keeps the chosen month: back to 9
    app.sidebar.selectbox(key="month").set_value(9).run()
    app.sidebar.selectbox(key="township").set_value("回隆乡").run()
    cards = _metrics(app)
    assert cards["信访受理"] == ("21件", None)             # no 回隆乡 cases in 2011: no 同比
    assert cards["办结率"][0] == "47.6%"                    # 10/21
    assert cards["按时办结率"][0] == "0.0%" and cards["满意率"][0] == "0.0%"
    assert "上年同期无可比数据" in _text(app)
    # one township: its place among all townships (新棉镇 97.0, 回隆乡 13.2), not a one-bar chart
    assert "回隆乡综合排名列全县2个乡镇第2位（13.2分）。" in _text(app)
    assert len(app.get("plotly_chart")) == 1  # the trend only


def test_a_township_without_cases_shows_an_empty_state(hand):
    app = _open("pages/overview.py")
    app.button_group(key="period").set_value("month").run()
    app.sidebar.selectbox(key="month").set_value(4).run()
    assert _metrics(app)["信访受理"][0] == "0件"
    assert any("没有案件" in i.value for i in app.info)
    assert "NaN" not in _text(app)


@pytest.mark.parametrize("page", PAGES[1:6])
def test_pages_show_an_empty_state_for_an_empty_period(hand, page):
    app = _open(page)
    app.button_group(key="period").set_value("month").run()
    app.sidebar.selectbox(key="month").set_value(4).run()
    assert not app.exception
    assert app.info, "an empty period must say so"
    assert "NaN" not in _text(app)


@pytest.mark.parametrize("page", PAGES[:6])
def test_charts_never_show_missing_numbers(hand, page):
    texts = _chart_texts(_open(page))
    assert texts, "the page draws charts"
    assert not [t for t in texts if "None" in t or "nan" in t.lower()]


def test_a_period_after_the_data_shows_no_invented_numbers(hand):
    app = _open("pages/overview.py")
    app.button_group(key="period").set_value("quarter").run()
    app.sidebar.selectbox(key="quarter").set_value(4).run()
    assert not shown_cards(app)
    assert any("不在已有数据范围内" in i.value for i in app.info)


def test_timeliness_lists_an_old_backlog_in_a_month_without_receipts(hand):
    app = _open("pages/timeliness.py")
    app.button_group(key="period").set_value("month").run()
    app.sidebar.selectbox(key="month").set_value(8).run()
    app.sidebar.selectbox(key="township").set_value("回隆乡").run()
    assert _metrics(app)["超期未办结（期末）"][0] == "5件"   # received 06-01, due 07-31, still open
    assert len(app.dataframe[0].value) == 5                 # the only table: the overdue list


def test_timeliness_matches_hand_computed_values(hand):
    cards = _metrics(_open("pages/timeliness.py"))
    assert cards["按时办结率"][0] == "88.9%"
    assert cards["应办结"][0] == "135件"
    assert cards["办理天数中位数"][0] == "19天"            # 120 cases took 19 days, 10 took 90
    assert cards["超期未办结（期末）"][0] == "5件"          # the 5 of 06-01, due 07-31
    assert cards["超期办结"][0] == "10件"                  # due 04-01, closed 05-01


def test_satisfaction_shows_counts_beside_rates(hand):
    app = _open("pages/satisfaction.py")
    cards = _metrics(app)
    assert cards["满意率"][0] == "96.8%" and cards["已评价"][0] == "124件" and cards["不满意"][0] == "4件"
    assert any("尚未导入测评数据" in i.value for i in app.info)


@pytest.fixture
def deferred_downloads(monkeypatch) -> dict:
    """The callables behind deferred download buttons, by file id: what a click would run."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    recorded = {}
    register = MediaFileManager.add_deferred

    def record(self, data_callable, *args, **kwargs):
        file_id = register(self, data_callable, *args, **kwargs)
        recorded[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return recorded


def test_ranking_table_downloads_as_xlsx_with_chinese_headers_and_rates(hand, deferred_downloads):
    import io

    import openpyxl

    app = _open("pages/rankings.py")
    buttons = [button for button in app.get("download_button") if button.proto.label == "下载 Excel"]
    assert len(buttons) == 3  # 红榜, 黑榜, 完整排名
    page = openpyxl.load_workbook(io.BytesIO(deferred_downloads[buttons[-1].proto.deferred_file_id]())).active
    rows = list(page.iter_rows(values_only=True))
    assert rows[0][:5] == ("名次", "乡镇（街道）", "名次变化", "综合得分", "受理")
    assert [row[1] for row in rows[1:]] == ["新棉镇", "回隆乡"]
    assert round(rows[1][3], 1) == 97.0 and rows[1][6] == 1.0  # 按时办结率 as a number, shown as 100.0%
    assert page.cell(row=2, column=7).number_format == "0.0%"


def test_rankings_put_the_lagging_township_last(hand):
    app = _open("pages/rankings.py", **YEAR_TO_SEPTEMBER)
    table = app.dataframe[-1].value
    assert list(table["unit"]) == ["新棉镇", "回隆乡"]
    # 新棉镇: 100 on three rates, volume 50×(1+0.4) = 70 -> 35+25+30+7 = 97.0
    # 回隆乡: on-time 0, completion 10/21, satisfaction 0, no last year -> 0.25×47.62/0.9 = 13.2
    assert list(table["score"].round(1)) == [97.0, 13.2]
    # against the ranking of 1–8月 (cut at 8月1日 like for like): both kept their places
    assert list(table["change"]) == ["持平", "持平"]
    assert "名次变化与2012年1月1日-8月1日排名相比（得分变动不足1分的记为持平）" in app.caption[0].value


def test_drill_down_lists_the_cases_of_a_township(hand):
    app = _open("pages/trends.py", **YEAR_TO_SEPTEMBER)
    app.selectbox(key="drill").set_value(("township", "回隆乡")).run()
    assert not app.exception
    cases = app.dataframe[-1].value
    assert len(cases) == 21 and set(cases["township"]) == {"回隆乡"}
    assert any("共21件" in c.value for c in app.caption)


def test_first_start_generates_the_demo(tmp_path, monkeypatch):
    path = tmp_path / "fresh" / "minyi.duckdb"
    monkeypatch.setenv("MINYI_DB", str(path))
    app = AppTest.from_file(DASHBOARD, default_timeout=180)
    app.run()
    assert not app.exception
    assert path.exists()
    assert any("演示数据" in w.value for w in app.warning)


def test_the_survey_chart_is_labelled_with_the_survey_not_the_filter_period(demo_db, demo_reader, monkeypatch):
    monkeypatch.setenv("MINYI_DB", str(demo_db))
    app = _open("pages/satisfaction.py")
    held = {name: day for name, day in db.run(demo_reader, "survey_dates").itertuples(index=False)}
    name = next(name for name in held if name.startswith("2012年上半年"))
    day = held[name]
    titles = [str(json.loads(chart.proto.spec)["layout"]["title"]) for chart in app.get("plotly_chart")]
    survey_title = next(title for title in titles if "测评得分" in title)
    assert f"{name}（{day.year}年{day.month}月{day.day}日）" in survey_title
    assert "2012年1-9月" not in survey_title  # the filter's period is not the survey's


def test_a_long_case_list_downloads_every_case_not_the_first_500(demo_db, demo_reader, monkeypatch):
    from minyi import filters, trends
    from minyi.periods import Period

    monkeypatch.setenv("MINYI_DB", str(demo_db))
    app = _open("pages/trends.py")
    app.selectbox(key="drill").set_value(("township", "河口镇")).run()
    assert not app.exception
    note = next(c.value for c in app.caption if "下载的 Excel 含全部" in c.value)
    total = int(note.split("下载的 Excel 含全部")[1].split("件")[0].replace(",", ""))
    assert len(app.dataframe[-1].value) == trends.CASE_LIST_LIMIT < total
    view = filters.view_of(filters.read_choices(demo_reader), Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)))
    everything, counted = trends.case_list(demo_reader, view.scope.narrowed("township", "河口镇"), limit=None)
    assert len(everything) == counted == total  # what the download button's callable returns
