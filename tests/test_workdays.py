"""The working-day calendar: official 2026 holidays and 调休, the holidays file, the weekend-only fallback.

2026 dates are from the State Council notice (国办发明电〔2025〕7号): 春节 2月15日至23日放假，
2月14日（周六）、2月28日（周六）上班. The 2027 dates below are made up for the tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from minyi import workdays

D = dt.date


@pytest.fixture
def no_file(tmp_path):
    return tmp_path / "no-holidays.toml"


@pytest.fixture
def holidays_2027(tmp_path):
    path = tmp_path / "holidays.toml"
    path.write_text('[2027]\nholidays = ["2027-01-01", "2027-02-06..2027-02-14"]\nworkdays = ["2027-02-20"]\n',
                    encoding="utf-8")
    return path


def workday_map(start, end, holidays_file):
    frame, _ = workdays.calendar_days(start, end, holidays_file)
    return dict(zip(frame["day"], frame["is_workday"]))


def test_2026_spring_festival_holidays_and_make_up_saturdays(no_file):
    days = workday_map(D(2026, 2, 12), D(2026, 3, 1), no_file)
    assert days[D(2026, 2, 14)] is True       # Saturday, 调休上班
    assert days[D(2026, 2, 28)] is True       # Saturday, 调休上班
    assert [d for d in days if not days[d]] == [
        D(2026, 2, 15), D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19),
        D(2026, 2, 20), D(2026, 2, 21), D(2026, 2, 22), D(2026, 2, 23), D(2026, 3, 1),
    ]


@pytest.mark.parametrize(("received", "due"), [
    (D(2026, 2, 12), D(2026, 2, 26)),  # Fri 13, Sat 14 (make-up), then Tue 24, Wed 25, Thu 26
    (D(2026, 2, 13), D(2026, 2, 27)),  # Sat 14 counts: without it the fifth day would be Mon 2 Mar
    (D(2026, 2, 14), D(2026, 2, 28)),  # received on the make-up Saturday: Tue 24 .. Sat 28 (make-up again)
    (D(2026, 2, 16), D(2026, 2, 28)),  # received during the holiday: the same five days
])
def test_five_working_days_across_the_holiday(no_file, received, due):
    assert workdays.add_working_days(received, 5, no_file) == (due, workdays.OFFICIAL)


def test_unknown_year_falls_back_to_weekends_and_says_so(no_file):
    frame, warnings = workdays.calendar_days(D(2026, 12, 30), D(2027, 1, 4), no_file)
    assert list(frame["basis"]) == ["official"] * 2 + ["weekend_fallback"] * 4
    assert list(frame["is_workday"]) == [True, True, True, False, False, True]  # 2027-01-01 is a Friday
    assert len(warnings) == 1
    assert "2027年的法定节假日安排未知" in warnings[0] and str(no_file) in warnings[0]
    assert workdays.add_working_days(D(2027, 2, 4), 5, no_file) == (D(2027, 2, 11), workdays.WEEKEND_FALLBACK)


def test_holidays_file_supplies_an_unknown_year(holidays_2027):
    frame, warnings = workdays.calendar_days(D(2027, 1, 1), D(2027, 2, 28), holidays_2027)
    assert warnings == []
    assert set(frame["basis"]) == {workdays.HOLIDAYS_FILE}
    days = dict(zip(frame["day"], frame["is_workday"]))
    assert days[D(2027, 1, 1)] is False and days[D(2027, 2, 8)] is False and days[D(2027, 2, 20)] is True
    # Fri 5 Feb, then the holiday, then Mon 15 .. Thu 18.
    assert workdays.add_working_days(D(2027, 2, 4), 5, holidays_2027) == (D(2027, 2, 18), workdays.HOLIDAYS_FILE)


def test_holidays_file_wins_over_the_package(tmp_path):
    path = tmp_path / "holidays.toml"
    path.write_text('[2026]\nholidays = ["2026-02-16..2026-02-20"]\n', encoding="utf-8")
    days = workday_map(D(2026, 2, 14), D(2026, 2, 23), path)
    assert days[D(2026, 2, 14)] is False  # the package's make-up Saturday is not in this file
    assert days[D(2026, 2, 23)] is True
    assert days[D(2026, 2, 18)] is False


@pytest.mark.parametrize(("text", "complaint"), [
    ('[2027]\nholidays = ["2027-02-30"]\n', "[2027] 的日期「2027-02-30」无法识别"),
    ('[2027]\nworkdays = ["2027-02-14..二月十五"]\n', "[2027] 的日期「2027-02-14..二月十五」无法识别"),
    ('["春节"]\nholidays = ["2027-02-06"]\n', "中的「春节」不是年份表，应写作 [2027]"),
    ('[2027\nholidays = []\n', "无法读取"),
])
def test_bad_holidays_file_is_explained(tmp_path, text, complaint):
    path = tmp_path / "holidays.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(workdays.HolidaysFileError) as error:
        workdays.calendar_days(D(2027, 2, 1), D(2027, 2, 2), path)
    assert str(path) in str(error.value) and complaint in str(error.value)
