"""The metrics CLI on a fixture whose right answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from minyi.__main__ import main
from minyi.periods import Period, previous_period, same_period_last_year


def _metrics(capsys, path, *options: str) -> dict:
    capsys.readouterr()
    assert main(["metrics", "--from", "2012-01-01", "--to", "2012-09-30", "--db", str(path),
                 "--format", "json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def test_county_headline_matches_hand_computed_values(hand_db, capsys):
    result = _metrics(capsys, hand_db, "--source", "petition")
    row = result["rows"][0]
    assert result["period"]["label"] == "2012年1月1日-9月1日"  # cut at the data's end, as on the dashboard
    assert (row["unit"], row["received"], row["received_last_year"]) == ("全县", 141, 200)
    assert row["received_yoy"] == pytest.approx(-0.295)
    assert row["closed"] == 130 and row["completion_rate"] == pytest.approx(130 / 141)
    assert row["closed_on_time"] == 120 and row["open_past_deadline"] == 5
    assert row["on_time_rate"] == pytest.approx(120 / 135)
    assert row["satisfaction_rate"] == pytest.approx(120 / 124)
    assert row["overdue_open"] == 5 and row["repeat_cases"] == 7


def test_breakdown_by_township(hand_db, capsys):
    rows = {r["unit"]: r for r in _metrics(capsys, hand_db, "--by", "township")["rows"]}
    assert rows["新棉镇"]["received"] == 120 and rows["新棉镇"]["received_last_year"] == 200
    assert rows["新棉镇"]["on_time_rate"] == 1 and rows["新棉镇"]["satisfaction_rate"] == 1
    assert rows["回隆乡"]["received"] == 21 and rows["回隆乡"]["received_yoy"] is None
    assert rows["回隆乡"]["on_time_rate"] == 0 and rows["回隆乡"]["satisfaction_rate"] == 0


def test_configured_satisfaction_and_on_time_definitions(hand_db, capsys, monkeypatch):
    monkeypatch.setenv("MINYI_BASIC_SATISFIED_WEIGHT", "0.9")
    monkeypatch.setenv("MINYI_ON_TIME_DENOMINATOR", "closed")
    result = _metrics(capsys, hand_db)
    row = result["rows"][0]
    assert row["satisfaction_rate"] == pytest.approx((100 + 0.9 * 20) / 124)
    assert row["on_time_rate"] == pytest.approx(120 / 130)
    assert "0.9×基本满意" in result["policy"] and "已办结件" in result["policy"]


def test_table_output_is_briefing_style(hand_db, capsys):
    capsys.readouterr()
    main(["metrics", "--from", "2012-01-01", "--to", "2012-09-30", "--db", str(hand_db)])
    text = capsys.readouterr().out
    assert "2012年1月1日-9月1日" in text and "-29.5%" in text and "满意率" in text


def test_empty_period_gives_no_rates_instead_of_errors(hand_db, capsys):
    capsys.readouterr()
    assert main(["metrics", "--from", "2012-04-01", "--to", "2012-04-30", "--db", str(hand_db),
                 "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)["rows"][0]  # no receipts; the backlog at 30 April remains
    assert row["received"] == 0 and row["completion_rate"] is None and row["overdue_open"] == 10


def test_a_period_outside_the_data_gives_no_numbers(hand_db, capsys):
    capsys.readouterr()
    assert main(["metrics", "--from", "2005-01-01", "--to", "2005-01-31", "--db", str(hand_db),
                 "--format", "json"]) == 2
    assert "不在已有数据范围内" in capsys.readouterr().err  # as the dashboard says, instead of zeros


def test_same_period_last_year_handles_29_february():
    assert same_period_last_year(Period(dt.date(2012, 2, 1), dt.date(2012, 2, 29))) == Period(
        dt.date(2011, 2, 1), dt.date(2011, 2, 28))


def test_previous_period_of_months_and_of_days():
    assert previous_period(Period(dt.date(2012, 7, 1), dt.date(2012, 9, 30))) == Period(
        dt.date(2012, 4, 1), dt.date(2012, 6, 30))
    assert previous_period(Period(dt.date(2012, 3, 1), dt.date(2012, 3, 31))) == Period(
        dt.date(2012, 2, 1), dt.date(2012, 2, 29))
    assert previous_period(Period(dt.date(2012, 3, 1), dt.date(2012, 3, 15))) == Period(
        dt.date(2012, 2, 15), dt.date(2012, 2, 29))
