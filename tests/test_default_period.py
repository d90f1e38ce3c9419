"""The period a view opens on: the latest one with enough data (a whole month and
MINYI_COMPARISON_MIN_BASE cases), said in the sidebar, and still overridable through the URL."""

from __future__ import annotations

import datetime as dt

import pytest

from minyi import periods
from minyi.filters import Choices, default_period
from tests.dashboard_runs import open_dashboard, shown_cards
from tests.export_files import imported_database

D = dt.date


def _choices(last_day: dt.date, monthly: dict[tuple[int, int], int]) -> Choices:
    months = tuple((D(year, month, 1), count) for (year, month), count in sorted(monthly.items()))
    return Choices(months[0][0], last_day, (), (), (), months)


def test_a_year_that_has_barely_begun_gives_way_to_the_last_full_year():
    chosen = default_period(_choices(D(2020, 1, 8), {(2018, 5): 40, (2019, 3): 25, (2020, 1): 4}), 10)
    assert (chosen.kind, chosen.period) == ("year", periods.year(2019))
    assert chosen.note() == ("默认期间：2019年。数据截至2020年1月8日，2020年不足一个完整月份，"
                             "故默认显示最近一个数据充足的完整年度。")


def test_a_thin_year_to_date_and_thin_years_are_skipped():
    chosen = default_period(_choices(D(2020, 3, 8), {(2017, 6): 12, (2018, 1): 2, (2019, 1): 3, (2020, 2): 4}), 10)
    assert (chosen.kind, chosen.period) == ("year", periods.year(2017))
    assert "2020年1-2月仅受理4件，少于10件，2018年以来各年受理也少于10件" in chosen.note()


def test_enough_data_keeps_the_year_to_date():
    chosen = default_period(_choices(D(2020, 2, 3), {(2019, 5): 3, (2020, 1): 11}), 10)
    assert (chosen.kind, chosen.period) == ("ytd", periods.year_to_date(2020, 1))  # the last complete month
    assert chosen.note() == "默认期间：2020年1月。数据截至2020年2月3日，2月未满一月，默认显示当年1月至最近一个完整月份。"
    # an export taken on 10 October (receipts to 30 September, closures to 10 October) opens on 1–9月
    chosen = default_period(_choices(D(2020, 10, 10), {(2020, month): 30 for month in range(1, 10)}), 10)
    assert (chosen.kind, chosen.period) == ("ytd", periods.year_to_date(2020, 9))
    # a January that is complete counts as a whole month
    assert default_period(_choices(D(2020, 1, 31), {(2020, 1): 10}), 10).kind == "ytd"
    # nothing better anywhere: the latest year to date, and the note says why
    chosen = default_period(_choices(D(2020, 1, 8), {(2019, 5): 3, (2020, 1): 4}), 10)
    assert chosen.kind == "ytd" and "更早的年份数据也不足" in chosen.note()


def _nine_year_rows() -> list[list[str]]:
    """A sparse nine-year export: 2012–2018 two cases a year (in June), 2019 thirty (10 each in
    March, June and September, all closed in ten days), 2020 four cases in 1–8 January."""
    rows = [[f"O{year}{i}", f"{year}-06-10", "新棉镇", "县信访局", f"{year}-06-20", "", "否"]
            for year in range(2012, 2019) for i in range(2)]
    rows += [[f"N{month:02d}{i}", f"2019-{month:02d}-05", "新棉镇", "县信访局", f"2019-{month:02d}-15", "满意", "否"]
             for month in (3, 6, 9) for i in range(10)]
    rows += [[f"J{i}", f"2020-01-0{2 * i + 2}", "新棉镇", "县信访局", "", "", "否"] for i in range(4)]
    return rows


@pytest.fixture(scope="module")
def nine_year_db(tmp_path_factory):
    return imported_database(tmp_path_factory.mktemp("nine_years"), "nine_years.csv",
                             ["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "回访结果", "是否重复件"], _nine_year_rows())


def test_nine_year_export_opens_on_its_last_full_year_and_says_why(nine_year_db, monkeypatch):
    app = open_dashboard(nine_year_db, monkeypatch)
    cards = {m.label: m.value for m in shown_cards(app).values()}
    assert cards["信访受理"] == "30件" and cards["办结率"] == "100.0%"
    assert "统计期间：2019年 · " in app.caption[0].value
    notes = [c.value for c in app.sidebar.caption if c.value.startswith("默认期间")]
    assert notes == ["默认期间：2019年。数据截至2020年1月8日，2020年不足一个完整月份，故默认显示最近一个数据充足的完整年度。"]


def test_the_default_is_still_overridden_by_the_url(nine_year_db, monkeypatch):
    app = open_dashboard(nine_year_db, monkeypatch, period="1–N月", year="2020年", month="1月")
    assert {m.label: m.value for m in shown_cards(app).values()}["信访受理"] == "4件"
    assert not [c for c in app.sidebar.caption if c.value.startswith("默认期间")]


def test_custom_period_on_data_that_starts_after_new_year_opens_inside_the_data(tmp_path, monkeypatch):
    """An export whose first receipt is 5 March: the default 1–9月 starts on 1 January, before the
    data. Choosing 自定义 must open with the dates clamped into the data, not raise."""
    rows = [[f"M{month:02d}{i}", f"2020-{month:02d}-05", "新棉镇", "县信访局", f"2020-{month:02d}-15", "满意", "否"]
            for month in range(3, 10) for i in range(5)]
    database = imported_database(tmp_path, "from_march.csv",
                                 ["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "回访结果", "是否重复件"], rows)
    app = open_dashboard(database, monkeypatch, period="自定义")
    assert [d.value for d in app.sidebar.date_input] == [D(2020, 3, 5), D(2020, 8, 31)]  # data end 15 September: 1–8月
    assert {m.label: m.value for m in shown_cards(app).values()}["信访受理"] == "30件"
