"""Briefing sentences stay grammatical for rises, falls, no change and missing baselines."""

from __future__ import annotations

import pandas as pd
import pytest

from minyi import briefing, metrics


@pytest.mark.parametrize("change, text", [
    (-0.295, "同比下降29.5%"), (0.032, "同比上升3.2%"), (0.0004, "同比持平"), (None, "上年同期无可比数据"),
])
def test_count_changes(change, text):
    assert briefing.count_change("同比", change) == text


@pytest.mark.parametrize("current, earlier, text", [
    (0.995, 0.992, "环比提高0.3个百分点"), (0.90, 0.95, "环比下降5.0个百分点"), (0.99, 0.9904, "环比持平"),
    (0.99, None, "上一周期无可比数据"), (None, 0.9, "上一周期无可比数据"),
])
def test_rate_changes(current, earlier, text):
    assert briefing.rate_change("环比", current, earlier) == text


def _row(**values) -> pd.Series:
    base = dict(received=141, closed=130, satisfied=100, basically_satisfied=20, unsatisfied=4, rated=124,
                completion_rate=130 / 141, on_time_rate=120 / 135, satisfaction_rate=120 / 124,
                overdue_open=5, repeat_cases=7, received_last_year=200, completion_rate_last_year=1.0,
                on_time_rate_last_year=1.0, satisfaction_rate_last_year=1.0, overdue_open_last_year=0,
                repeat_cases_last_year=0)
    return pd.Series({**base, **values})


def test_kpi_sentences_from_hand_computed_numbers():
    sentences = briefing.kpi_sentences(_row(), "2012年1-9月", "9月30日", "信访")
    assert sentences["received"] == "2012年1-9月共受理信访141件，同比下降29.5%。"
    assert sentences["completion_rate"] == "办结130件，办结率92.2%，同比下降7.8个百分点。"
    assert sentences["satisfaction_rate"] == "回访满意率96.8%（已评价124件），同比下降3.2个百分点。"
    assert sentences["overdue_open"] == "截至9月30日，超期未办结5件，上年同期无可比数据。"
    assert "下降-" not in "".join(sentences.values())


def test_no_cases_and_no_overdue_read_naturally():
    assert briefing.kpi_sentences(_row(received=0), "2012年3月", "3月31日", "投诉") == {
        "received": "2012年3月未受理投诉。"}
    sentences = briefing.kpi_sentences(_row(overdue_open=0, satisfaction_rate=None), "2012年", "12月31日", "信访")
    assert sentences["overdue_open"] == "截至12月31日，无超期未办结件。"
    assert sentences["satisfaction_rate"] == "满意率暂无可计算的数据。"


def test_rated_callbacks_follow_the_overdue_unrated_caliber():
    row = pd.Series({"satisfied": 8, "basically_satisfied": 1, "unsatisfied": 1, "overdue_unrated": 2})
    assert metrics.rated(row, metrics.Policy()) == 10
    counted = metrics.Policy(count_overdue_unrated=True)
    assert metrics.rated(row, counted) == 12 and metrics.satisfaction_rate(row, counted) == pytest.approx(11 / 12)
