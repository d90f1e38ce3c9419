"""Charts on the shapes real exports have: months without cases, a single month, nine sparse
years, and a hundred neighbourhood councils. Each export below is written as another system
would write it (English headers, mapped by a TOML file) and imported through the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from minyi import charts, db, filters, metrics, overview, pack, rankings, time_charts, trends
from minyi.__main__ import main
from minyi.periods import Period
from tests.dashboard_runs import figures_by_title, open_dashboard
from tests.export_files import write_csv

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
HEADER = ["Request ID", "Created Date", "Neighborhood", "Agency", "Closed Date", "Callback"]
MAPPING = """kind = "cases"
source = "{source}"

[columns]
"Request ID" = "case_id"
"Created Date" = "received_at"
"Neighborhood" = "township"
"Agency" = "department"
"Closed Date" = "closed_at"
"Callback" = "satisfaction"
"""


def _import(folder: Path, rows_by_source: dict[str, list[list]]) -> Path:
    path = folder / "minyi.duckdb"
    for source, rows in rows_by_source.items():
        export = write_csv(folder / f"{source}.csv", HEADER, rows)
        mapping = folder / f"{source}.toml"
        mapping.write_text(MAPPING.format(source=source), encoding="utf-8")
        assert main(["import", str(export), "--mapping", str(mapping), "--db", str(path)]) == 0
    return path


# --- gaps and single months -------------------------------------------------------------------

@pytest.fixture(scope="module")
def gap_db(tmp_path_factory):
    """Petitions: 5 on 2012-01-10, none in February, 3 on 03-15, none in April, 2 on 05-20 (the
    last day with data). Complaints: a single one, on 2012-04-02. Nothing before 2012."""
    petitions = [[f"P{i}", day, "North", "Housing", None, None]
                 for i, day in enumerate(["2012-01-10"] * 5 + ["2012-03-15"] * 3 + ["2012-05-20"] * 2)]
    complaints = [["C1", "2012-04-02 09:30", "South", "Roads", None, None]]
    return _import(tmp_path_factory.mktemp("gaps"), {"petition": petitions, "complaint": complaints})


@pytest.fixture
def gap_reader(gap_db):
    con = db.open_reader(gap_db)
    yield con
    con.close()


DATA = Period(dt.date(2012, 1, 10), dt.date(2012, 5, 20))


def test_empty_months_are_zero_up_to_the_data_end_not_past_it(gap_reader):
    scope = filters.view_of(filters.read_choices(gap_reader), Period(dt.date(2012, 1, 1), dt.date(2012, 12, 31))).scope
    series = trends.volume_series(gap_reader, scope, "month", DATA)
    by_group = {group: list(rows["value"]) for group, rows in series.groupby("group")}
    # January to May: the data ends 05-20; complaints start with their first receipt (04-02), since
    # before it their volume is unknown, not 0
    assert by_group == {"信访": [5, 0, 3, 0, 2], "投诉": [1, 0]}
    assert list(series["bucket"].drop_duplicates().dt.month) == [1, 2, 3, 4, 5]
    figure = time_charts.volume_over_time(series, charts.ChartSpec("走势", "2012年", "测试"))
    assert all(trace.mode == "lines+markers" for trace in figure.data)


def test_weeks_and_days_are_filled_too(gap_reader):
    scope = filters.view_of(filters.read_choices(gap_reader), Period(dt.date(2012, 3, 12), dt.date(2012, 4, 8))).scope
    weeks = trends.volume_series(gap_reader, scope, "week", DATA)
    petitions = weeks[weeks["group"] == "信访"]
    assert list(petitions["bucket"].dt.strftime("%m-%d")) == ["03-12", "03-19", "03-26", "04-02"]  # Mondays
    assert list(petitions["value"]) == [3, 0, 0, 0]
    days = trends.volume_series(gap_reader, scope, "day", DATA)
    assert len(days[days["group"] == "投诉"]) == 7 and days["value"].sum() == 4  # 04-02 to 04-08


def test_overview_trend_leaves_months_before_the_data_out_and_fills_the_rest(gap_reader):
    scope = filters.view_of(filters.read_choices(gap_reader), Period(dt.date(2012, 1, 1), dt.date(2012, 5, 31))).scope
    trend = overview.monthly_against_last_year(gap_reader, scope, DATA)
    assert set(trend["year"]) == {2012}  # no 2011 line of invented zeros: the export starts in 2012
    by_source = {group: list(rows["value"]) for group, rows in trend.groupby("group", sort=False)}
    assert by_source == {"信访": [5, 0, 3, 0, 2], "投诉": [1, 0]}  # 投诉 from its first receipt in April
    assert overview.monthly_total(trend)["value"].tolist() == [5, 0, 3, 1, 2]
    # the data run from 01-10 to 05-20: May is partial (a first receipt on the 10th may follow holidays)
    assert dict(zip(trend["month"], trend["note"])) == {1: "", 2: "", 3: "", 4: "", 5: "5月（截至20日）"}
    assert trends.partial_note(pd.Timestamp(2012, 3, 1), "month", Period(dt.date(2012, 3, 5), dt.date(2012, 5, 31))) \
        == "3月（5日起）"
    assert trends.partial_note(pd.Timestamp(2012, 8, 13), "week", Period(dt.date(2012, 1, 1), dt.date(2012, 8, 15))) \
        == "8月13日当周（截至8月15日）"
    figure = overview.trend_figure(trend, scope, charts.ChartSpec("走势", "2012年1-5月", "测试"))
    assert [trace.name for trace in figure.data] == ["信访2012年", "投诉2012年"]  # one panel each
    assert all(trace.mode == "lines+markers" for trace in figure.data)
    assert list(figure.data[0].y) == [5, 0, 3, 0, 2] and list(figure.data[1].y) == [1, 0]


def test_a_single_month_is_drawn_as_a_visible_point(gap_reader):
    scope = filters.view_of(filters.read_choices(gap_reader), Period(dt.date(2012, 4, 1), dt.date(2012, 4, 30)),
                            source="complaint").scope
    series = trends.volume_series(gap_reader, scope, "month", DATA)
    (trace,) = time_charts.volume_over_time(series, charts.ChartSpec("走势", "2012年4月", "测试")).data
    assert list(trace.y) == [1] and trace.mode == "lines+markers" and min(trace.marker.size) > 0


# --- nine sparse years ------------------------------------------------------------------------

NINE_YEARS = {2016: 1, 2017: 0, 2018: 2, 2019: 3, 2020: 5, 2021: 8, 2022: 20, 2023: 60, 2024: 120}


def nine_year_rows() -> list[list]:
    """Petitions 2016-03-05 to 2024-08-15, counts per year as NINE_YEARS (none at all in 2017);
    2024's cases run from 01-05 to 08-15. No closure or callback values."""
    rows = []
    for year, count in NINE_YEARS.items():
        for index in range(count):
            day = dt.date(2016, 3, 5) if year == 2016 else \
                dt.date(2024, 8, 15) if year == 2024 and index == 0 else dt.date(year, 1 + index % 7, 5)
            rows.append([f"Y{year}-{index}", day.isoformat(), "老城街道", "水务局", None, None])
    return rows


@pytest.fixture(scope="module")
def nine_year_db(tmp_path_factory):
    return _import(tmp_path_factory.mktemp("nine"), {"petition": nine_year_rows()})


NINE_LABELS = ["2016年3月5日-12月31日", "2017年", "2018年", "2019年", "2020年", "2021年", "2022年", "2023年",
               "2024年1月1日-8月15日"]


def test_a_nine_year_period_is_drawn_by_year_with_every_year(nine_year_db):
    con = db.open_reader(nine_year_db)
    choices = filters.read_choices(con)
    view = filters.view_of(choices, Period(choices.first_day, choices.last_day))
    assert overview.trend_kind(view.scope.period) == "years"
    trend = overview.monthly_against_last_year(con, view.scope, Period(view.first_day, view.last_day))
    assert trend.groupby("year")["value"].sum().to_dict() == NINE_YEARS
    (bars,) = overview.trend_figure(trend, view.scope, charts.ChartSpec("年度走势", "九年", "测试")).data
    assert list(bars.x) == NINE_LABELS and list(bars.y) == list(NINE_YEARS.values())
    assert overview.trend_note(view.scope) == "2016年3月5日-12月31日、2024年1月1日-8月15日不满一年"

    briefing = pack.build(con, view, {"county": "九年县"}, metrics.Policy(), rankings.RankingRule.from_config(),
                          made_on=dt.date(2024, 9, 1))
    exhibit = briefing.exhibits[0]
    assert exhibit.spec.title == "信访和投诉受理量年度走势"
    assert list(exhibit.figure.data[0].x) == NINE_LABELS
    assert "2024年1月1日-8月15日不满一年" in exhibit.spec.caliber
    con.close()


def test_a_period_reaching_before_last_year_is_drawn_month_by_month(nine_year_db):
    con = db.open_reader(nine_year_db)
    view = filters.view_of(filters.read_choices(con), Period(dt.date(2022, 11, 1), dt.date(2024, 8, 15)))
    assert overview.trend_kind(view.scope.period) == "months"  # 22 months: last year against this would cut 2022
    trend = overview.monthly_against_last_year(con, view.scope, Period(view.first_day, view.last_day))
    con.close()
    (line,) = overview.trend_figure(trend, view.scope, charts.ChartSpec("月度走势", "22个月", "测试")).data
    assert len(line.x) == 22 and line.mode == "lines+markers"
    # 2022's 20 cases fall on the 5th of Jan–Jul: none in Nov–Dec; 2023's 60 spread 9,9,9,9,8,8,8 over Jan–Jul
    assert list(line.y[:9]) == [0, 0, 9, 9, 9, 9, 8, 8, 8] and sum(line.y) == 60 + 120


@pytest.fixture
def app_on(monkeypatch):
    def open_page(path: Path, page: str) -> AppTest:
        monkeypatch.setenv("MINYI_DB", str(path))
        st.cache_data.clear()
        st.cache_resource.clear()
        app = AppTest.from_file(DASHBOARD, default_timeout=120)
        app.run()
        app.switch_page(page)
        app.run()
        assert not app.exception, app.exception
        return app
    yield open_page
    st.cache_data.clear()
    st.cache_resource.clear()


def _custom_period(app: AppTest, start: dt.date, end: dt.date) -> None:
    app.button_group(key="period").set_value("custom").run()
    app.sidebar.date_input(key="from").set_value(start).run()
    app.sidebar.date_input(key="to").set_value(end).run()
    assert not app.exception, app.exception


def test_overview_and_trend_page_show_all_nine_years(nine_year_db, app_on):
    app = app_on(nine_year_db, "pages/overview.py")
    _custom_period(app, dt.date(2016, 3, 5), dt.date(2024, 8, 15))
    trend = figures_by_title(app)["信访和投诉受理量年度走势"]
    assert trend["data"][0]["x"] == NINE_LABELS and trend["data"][0]["y"] == list(NINE_YEARS.values())
    footnote = next(note["text"] for note in trend["layout"]["annotations"] if note.get("name") == "footnote")
    assert "不满一年" in footnote.replace("<br>", "")

    app = app_on(nine_year_db, "pages/trends.py")
    _custom_period(app, dt.date(2016, 3, 5), dt.date(2024, 8, 15))
    assert app.button_group(key="grain").value == "year"
    figures = figures_by_title(app)
    (line,) = figures["受理量走势（按年）"]["data"]
    assert line["x"] == NINE_LABELS and line["y"] == list(NINE_YEARS.values())
    assert line["marker"]["symbol"][0] == "circle-open" and line["marker"]["symbol"][1] == "circle"
    heat = figures["各乡镇（街道）年度受理量"]["data"][0]
    assert heat["x"] == NINE_LABELS and heat["z"] == [list(NINE_YEARS.values())]


# --- a hundred units --------------------------------------------------------------------------

def _council(index: int) -> str:
    return f"第{index:03d}社区"  # no spaces: the importer owns how spaced names are stored


def hundred_rows() -> list[list]:
    """Complaints from 100 neighbourhood councils (第000社区–第099社区), each with its own agency
    (第000–099办事处): council i has 10 + i % 5 cases, received Monday 2012-03-05; the first
    i % 4 of them closed late (03-30), the rest on time (03-07); every case called back, 满意
    except the late ones (不满意). Council 0's first case is received on 03-31 instead and is
    still open, so the data runs to the end of March whatever decides where the data ends.
    Counts tie in fives: 20 councils each with 10 … 14 cases."""
    rows = []
    for index in range(100):
        for case in range(10 + index % 5):
            late = case < index % 4
            rows.append([f"H{index:03d}-{case:02d}", "2012-03-05 10:00", _council(index), f"第{index:03d}办事处",
                         "2012-03-30" if late else "2012-03-07", "不满意" if late else "满意"])
    rows[0][1:] = ["2012-03-31 16:00", _council(0), "第000办事处", None, None]  # the last receipt: still open
    return rows


@pytest.fixture(scope="module")
def hundred_db(tmp_path_factory):
    return _import(tmp_path_factory.mktemp("hundred"), {"complaint": hundred_rows()})


# Busiest first, then by name: the 20 councils with 14 cases are i % 5 == 4, the 20 with 10 i % 5 == 0.
TOP_TEN = [_council(index) for index in range(4, 100, 5)][:10]
BOTTOM_TEN = [_council(index) for index in range(0, 100, 5)][-10:]


def test_ranked_bars_keep_the_ends_by_value_then_name_whatever_the_input_order():
    table = pd.DataFrame({"label": [_council(index) for index in range(100)],
                          "value": [10 + index % 5 for index in range(100)]})
    spec = charts.ChartSpec("各社区受理量", "2012年3月", "测试")
    drawn = [list(charts.ranked_bars(table.sample(frac=1, random_state=seed), spec).data[0].y[::-1])
             for seed in (1, 2)]
    assert drawn[0] == drawn[1] == TOP_TEN + ["（其余80个从略）"] + BOTTOM_TEN
    assert charts.omission_note(100, "乡镇（街道）") == "仅列前10位和后10位，其余80个乡镇（街道）从略"
    assert charts.omitted(21) == 0 and len(charts.ranked_bars(table.head(21), spec).data[0].y) == 21


def test_ranked_bars_draw_the_chosen_unit_even_among_those_left_out():
    table = pd.DataFrame({"label": [f"单位{index:02d}" for index in range(30)], "value": list(range(130, 100, -1))})
    spec = charts.ChartSpec("各部门综合得分排名", "2012年3月", "测试")
    figure = charts.ranked_bars(table, spec, keep="单位14")  # 15th of 30: in the middle 10 left out
    drawn = list(figure.data[0].y[::-1])
    assert drawn == [f"单位{index:02d}" for index in range(10)] + ["（其余4个从略）", "单位14", "（另5个从略）"] + \
        [f"单位{index:02d}" for index in range(20, 30)]
    assert [note.text for note in figure.layout.annotations][0] == "……其余9个单位未画出，完整名单见下表"
    assert list(charts.ranked_bars(table, spec, keep="单位10").data[0].y[::-1])[10:12] == ["单位10", "（另9个从略）"]
    assert list(charts.ranked_bars(table, spec, keep="单位03").data[0].y[::-1]) == \
        list(charts.ranked_bars(table, spec).data[0].y[::-1])  # drawn anyway: nothing changes


def test_trends_page_draws_the_ends_of_100_councils_and_lists_all_of_them(hundred_db, app_on):
    app = app_on(hundred_db, "pages/trends.py")
    app.toggle(key="drill-bars").set_value(True).run()  # the drill-down's bars are drawn when asked for
    figure = figures_by_title(app)["各乡镇（街道）受理量"]
    bars = figure["data"][0]
    assert bars["y"][::-1] == TOP_TEN + ["（其余80个从略）"] + BOTTOM_TEN
    assert bars["x"][::-1] == [14] * 10 + [None] + [10] * 10
    assert ["……其余80个单位未画出，完整名单见下表"] == [note["text"] for note in figure["layout"]["annotations"]
                                             if note.get("name") != "footnote"]
    assert len(figures_by_title(app)["各乡镇（街道）月度受理量"]["data"][0]["y"]) == 21
    full = [frame.value for frame in app.dataframe if "received" in frame.value and len(frame.value) == 100]
    assert len(full) == 2  # townships and departments, every unit with its count
    assert sorted(full[0]["unit"]) == [_council(index) for index in range(100)]
    assert full[0]["received"].sum() == sum(10 + index % 5 for index in range(100))


def test_timeliness_and_satisfaction_pages_list_all_100_councils(hundred_db, app_on):
    app = app_on(hundred_db, "pages/timeliness.py")
    rates = figures_by_title(app)["各乡镇（街道）按时办结率"]["data"][0]
    assert len(rates["y"]) == 21 and "（其余80个从略）" in rates["y"]
    assert any(len(frame.value) == 100 and "on_time_rate" in frame.value for frame in app.dataframe)

    app = app_on(hundred_db, "pages/satisfaction.py")
    shares = figures_by_title(app)["各乡镇（街道）回访评价构成"]
    assert all(len(trace["y"]) == 21 for trace in shares["data"])
    # 满意率 (10 + i%5 − i%4) / (10 + i%5): the 25 councils with i % 4 == 0 are all 100%; by name
    assert shares["data"][0]["y"][::-1][:10] == [_council(index) for index in range(0, 40, 4)]
    assert any(len(frame.value) == 100 and "satisfaction_rate" in frame.value for frame in app.dataframe)


def test_briefing_pack_notes_the_units_left_out(hundred_db):
    con = db.open_reader(hundred_db)
    choices = filters.read_choices(con)
    view = filters.view_of(choices, Period(dt.date(2012, 3, 1), dt.date(2012, 3, 31)))
    briefing = pack.build(con, view, {"county": "百社区县"}, metrics.Policy(), rankings.RankingRule.from_config(),
                          made_on=dt.date(2012, 4, 1))
    con.close()
    ranking = next(exhibit for exhibit in briefing.exhibits if exhibit.spec.title == "各乡镇（街道）综合得分排名")
    assert "仅列前10位和后10位，其余80个乡镇（街道）从略" in ranking.spec.caliber
    assert len(ranking.figure.data[0].y) == 21
    notes = [note.text for note in ranking.figure.layout.annotations if note.name != "footnote"]
    assert notes == ["……其余80个单位未画出，完整名单见看板"]
    for exhibit in briefing.exhibits:
        assert all(len(trace.y) <= 2 * charts.SHOWN_AT_EACH_END + 1 for trace in exhibit.figure.data
                   if trace.type == "bar" and trace.orientation == "h")


def test_one_source_s_trend_starts_with_its_first_receipt(gap_reader):
    """Complaints alone over 2012: no line of zeros for the months before their first receipt."""
    choices = filters.read_choices(gap_reader)
    view = filters.view_of(choices, Period(dt.date(2012, 1, 1), dt.date(2012, 12, 31)), source="complaint")
    monthly = overview.monthly_against_last_year(gap_reader, view.scope, DATA)
    assert list(zip(monthly["month"], monthly["value"])) == [(4, 1), (5, 0)]


def test_data_ending_mid_month_marks_its_last_month_partial(gap_db, monkeypatch):
    """The data run from 01-10 to 05-20: May is drawn hollow and labelled 5月（截至20日）, on the
    overview (one panel per source) and on the trends page, so 20 days are not read as a fall."""
    period = {"period": "ytd", "year": "2012", "month": "5"}  # 1–5月, cut at the data's end
    app = open_dashboard(gap_db, monkeypatch, "pages/trends.py", **period)
    figure = figures_by_title(app)["受理量走势（按月）"]
    petitions, complaints = figure["data"][:2]
    assert (petitions["name"], petitions["yaxis"], complaints["name"], complaints["yaxis"]) == ("信访", "y", "投诉", "y2")
    assert petitions["marker"]["symbol"] == ["circle"] * 4 + ["circle-open"]  # data from 01-10: a holiday, not partial
    partial = [(note["text"], note["yref"]) for note in figure["layout"]["annotations"] if note.get("name") == "partial"]
    assert ("5月（截至20日）", "y") in partial and ("5月（截至20日）", "y2") in partial

    app = open_dashboard(gap_db, monkeypatch, "pages/overview.py", **period)
    trend = next(figure for title, figure in figures_by_title(app).items() if "走势" in title)
    assert [trace["name"] for trace in trend["data"]] == ["信访2012年", "投诉2012年"]
    assert trend["data"][0]["marker"]["symbol"][-1] == "circle-open"
    assert [note["text"] for note in trend["layout"]["annotations"] if note.get("name") == "partial"].count(
        "5月（截至20日）") == 2
    st.cache_data.clear()
    st.cache_resource.clear()
