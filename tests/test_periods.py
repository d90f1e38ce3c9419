"""Period choices of the sidebar, and how a period still in progress is cut and compared."""

from __future__ import annotations

import datetime as dt

from minyi import periods
from minyi.periods import Period
from minyi.scope import Scope

D = dt.date


def test_period_kinds_and_labels():
    assert periods.month(2012, 2) == Period(D(2012, 2, 1), D(2012, 2, 29))
    assert periods.quarter(2012, 4) == Period(D(2012, 10, 1), D(2012, 12, 31))
    assert periods.year_to_date(2012, 9).label() == "2012年1-9月"
    assert periods.year(2011).label() == "2011年"
    assert periods.quarter(2012, 3).label() == "2012年7-9月"
    assert Period(D(2012, 1, 1), D(2012, 9, 15)).label() == "2012年1月1日-9月15日"
    assert Period(D(2011, 12, 1), D(2012, 1, 15)).label() == "2011年12月1日-2012年1月15日"


def test_a_period_running_past_the_data_is_cut_and_compared_like_for_like():
    cut, short = periods.cut_at_data_end(periods.month(2012, 9), D(2012, 9, 15))
    assert (cut, short) == (Period(D(2012, 9, 1), D(2012, 9, 15)), True)
    scope = Scope(cut)
    assert scope.last_year().period == Period(D(2011, 9, 1), D(2011, 9, 15))
    assert scope.previous() is None  # typed as 9月1–15日 (自定义): no 环比
    assert Scope(cut, chosen_months=1).previous().period == Period(D(2012, 8, 1), D(2012, 8, 15))
    assert periods.cut_at_data_end(periods.month(2012, 8), D(2012, 9, 15)) == (periods.month(2012, 8), False)
    assert periods.cut_at_data_end(periods.month(2012, 10), D(2012, 9, 15)) == (periods.month(2012, 10), False)


def test_scope_labels_and_parameters():
    scope = Scope(periods.year_to_date(2012, 9), source="petition", township="河口镇")
    assert scope.label() == "2012年1-9月 · 信访 · 河口镇"
    assert Scope(periods.year(2012)).label() == "2012年 · 信访和投诉 · 全县"
    assert scope.params()["township"] == "河口镇" and scope.params()["department"] is None
    assert scope.narrowed("department", "县住建局").filters_label() == "河口镇 · 县住建局"


def test_last_year_keeps_whole_months_whole_across_29_february():
    assert periods.same_period_last_year(periods.month(2025, 2)) == periods.month(2024, 2)
    assert periods.same_period_last_year(periods.month(2012, 2)) == periods.month(2011, 2)
    assert periods.same_period_last_year(Period(D(2012, 2, 10), D(2012, 2, 29))) == Period(D(2011, 2, 10), D(2011, 2, 28))


def test_a_cut_period_is_compared_with_the_same_days_of_the_previous_period():
    assert Scope(Period(D(2012, 9, 1), D(2012, 9, 15)), chosen_months=1).previous().period == Period(
        D(2012, 8, 1), D(2012, 8, 15))
    assert Scope(Period(D(2012, 7, 1), D(2012, 9, 15)), chosen_months=3).previous().period == Period(
        D(2012, 4, 1), D(2012, 6, 15))
    assert Scope(Period(D(2012, 3, 1), D(2012, 3, 31))).previous().period == periods.month(2012, 2)


def test_the_end_label_names_the_year_of_a_period_spanning_years():
    assert Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)).end_label() == "9月30日"
    assert Period(dt.date(2012, 1, 8), dt.date(2020, 1, 8)).end_label() == "2020年1月8日"


def test_period_kinds_are_read_from_the_dates_when_not_chosen():
    assert periods.kind_of(periods.year_to_date(2012, 9)) == "ytd"
    assert periods.kind_of(periods.year_to_date(2012, 3)) == "ytd"  # 1–3月 reads as 1–N月, not 第1季度
    assert periods.kind_of(periods.month(2012, 9)) == "month"
    assert periods.kind_of(periods.quarter(2012, 3)) == "quarter"
    assert periods.kind_of(periods.year(2012)) == "year"
    assert periods.kind_of(Period(D(2012, 2, 1), D(2012, 3, 31))) == "custom"
    assert periods.kind_of(Period(D(2012, 1, 1), D(2012, 9, 15))) == "custom"


def test_month_on_month_windows_per_period_kind():
    def windows(period, kind, chosen_months=None):
        found = periods.pop_windows(period, kind, chosen_months)
        return None if found is None else (found.current, found.previous, found.label)

    # 月 against the month before, across the new year too
    assert windows(periods.month(2012, 9), "month") == (periods.month(2012, 9), periods.month(2012, 8), "环比")
    assert windows(periods.month(2012, 1), "month")[1] == periods.month(2011, 12)
    # 季度 against the quarter before
    assert windows(periods.quarter(2012, 3), "quarter") == (periods.quarter(2012, 3), periods.quarter(2012, 2), "环比")
    assert windows(periods.quarter(2012, 1), "quarter")[1] == periods.quarter(2011, 4)
    # 1–N月: its latest month against the month before, not 2011年4–12月
    assert windows(periods.year_to_date(2012, 9), "ytd") == (periods.month(2012, 9), periods.month(2012, 8), "9月环比")
    assert windows(periods.year_to_date(2012, 1), "ytd") == (periods.month(2012, 1), periods.month(2011, 12), "环比")
    # 1–N月 cut at the data's end: the month so far against the same days of the month before
    assert windows(Period(D(2012, 1, 1), D(2012, 9, 15)), "ytd", 9) == (
        Period(D(2012, 9, 1), D(2012, 9, 15)), Period(D(2012, 8, 1), D(2012, 8, 15)), "9月环比")
    # 年 and 自定义: none (a year's previous period is last year, which 同比 says)
    assert windows(periods.year(2012), "year") is None
    assert windows(Period(D(2012, 2, 10), D(2012, 3, 9)), "custom") is None


def test_rank_changes_are_measured_against_the_previous_ranking_of_the_same_kind():
    assert periods.rank_baseline(periods.month(2012, 9), "month") == periods.month(2012, 8)
    assert periods.rank_baseline(periods.quarter(2012, 3), "quarter") == periods.quarter(2012, 2)
    assert periods.rank_baseline(periods.year_to_date(2012, 9), "ytd") == periods.year_to_date(2012, 8)
    assert periods.rank_baseline(Period(D(2012, 1, 1), D(2012, 9, 15)), "ytd", 9) == Period(D(2012, 1, 1), D(2012, 8, 15))
    assert periods.rank_baseline(periods.year_to_date(2012, 1), "ytd") == periods.month(2011, 12)
    assert periods.rank_baseline(periods.year(2012), "year") is None
    assert Scope(periods.year_to_date(2012, 9), kind="ytd").rank_baseline().period == periods.year_to_date(2012, 8)


def test_prose_writes_zhi_between_days():
    assert periods.prose_label(Period(D(2012, 1, 1), D(2012, 9, 1))) == "2012年1月1日至9月1日"
    assert periods.prose_label(Period(D(2012, 9, 1), D(2012, 9, 15))) == "2012年9月1日至15日"
    assert periods.prose_label(Period(D(2011, 12, 1), D(2012, 1, 15))) == "2011年12月1日至2012年1月15日"
    assert periods.prose_label(periods.year_to_date(2012, 9)) == "2012年1-9月"
    assert Period(D(2012, 9, 1), D(2012, 9, 1)).label() == "2012年9月1日"
