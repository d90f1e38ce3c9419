"""The ranking composite, its configuration, and the 红榜/黑榜 split."""

from __future__ import annotations

import pandas as pd
import pytest

from minyi import rankings
from minyi.config import RANKING_WEIGHTS, SettingError

WEIGHTS = {"on_time": 0.35, "completion": 0.25, "satisfaction": 0.30, "volume": 0.10}


def test_composite_leaves_out_missing_parts_instead_of_scoring_them_zero():
    table = pd.DataFrame({
        "on_time_rate": [1.0, 0.5], "completion_rate": [1.0, 0.5], "satisfaction_rate": [1.0, None],
        "received_yoy": [-0.4, None],
    }, dtype=object)
    scores = rankings.composite(rankings.part_scores(table), WEIGHTS)
    assert scores[0] == pytest.approx(35 + 25 + 30 + 0.10 * 70)
    assert scores[1] == pytest.approx((0.35 * 50 + 0.25 * 50) / 0.60)


def test_volume_part_is_clipped():
    table = pd.DataFrame({"on_time_rate": [None] * 3, "completion_rate": [None] * 3,
                          "satisfaction_rate": [None] * 3, "received_yoy": [3.0, 0.0, -1.0]}, dtype=object)
    assert list(rankings.part_scores(table)["volume"]) == [0.0, 50.0, 100.0]


def test_weights_come_from_one_setting(monkeypatch):
    monkeypatch.setenv("MINYI_RANKING_WEIGHTS", "on_time=1,satisfaction=1")
    assert RANKING_WEIGHTS.weights(rankings.PARTS) == {"on_time": 0.5, "completion": 0.0, "satisfaction": 0.5,
                                                       "volume": 0.0}
    assert "按时办结率×50%" in rankings.RankingRule.from_config().describe()
    for bad in ("speed=1", "on_time=abc", "on_time=0"):
        monkeypatch.setenv("MINYI_RANKING_WEIGHTS", bad)
        with pytest.raises(SettingError, match="MINYI_RANKING_WEIGHTS"):
            RANKING_WEIGHTS.weights(rankings.PARTS)


def test_red_and_black_lists_do_not_overlap():
    table = pd.DataFrame({"unit": list("abcde"), "rank": [1, 2, 3, 4, None]})
    best, worst = rankings.red_and_black(table, 5)
    assert list(best["unit"]) == ["a", "b"] and list(worst["unit"]) == ["d", "c"]


@pytest.mark.parametrize("change, previous, rank, text", [
    (3, 5, 2, "↑3"), (-2, 1, 3, "↓2"), (0, 2, 2, "持平"), (None, None, 4, "新进"), (None, 1, None, "样本不足"),
])
def test_rank_change_text(change, previous, rank, text):
    assert rankings.rank_change_text(change, previous, rank) == text
