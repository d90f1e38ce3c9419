"""Every chart carries its title and scope on top, its data source and 口径 in a footnote under the
plot, and downloads as a 3× PNG."""

from __future__ import annotations

import pandas as pd
import pytest

from minyi import charts, satisfaction, trends
from minyi.metrics import Policy

SPEC = charts.ChartSpec("信访件月度走势", "2012年1-9月 · 信访 · 全县", "青岚县信访系统导出", "按受理日期统计")

BUILDERS = {
    "trend": lambda: charts.trend_against_last_year(
        pd.DataFrame({"year": [2011, 2012], "month": [1, 1], "value": [10, 7]}), SPEC),
    "volume": lambda: charts.volume_over_time(
        pd.DataFrame({"bucket": pd.to_datetime(["2012-01-01", "2012-02-01"]), "group": "信访", "value": [3, 4]}), SPEC),
    "bars": lambda: charts.ranked_bars(pd.DataFrame({"label": ["甲", "乙"], "value": [0.99, 0.93]}), SPEC, "percent"),
    "heatmap": lambda: charts.heatmap(pd.DataFrame({"2012-01": [1, 2]}, index=["甲镇", "乙乡"]), SPEC),
    "distribution": lambda: charts.distribution(pd.DataFrame({"value": [1, 2], "count": [5, 3]}), SPEC),
    "shares": lambda: charts.answer_shares(
        pd.DataFrame({"label": ["甲", "甲"], "answer": ["满意", "不满意"], "votes": [9, 1]}), SPEC),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_stands_alone(name):
    layout = BUILDERS[name]().layout
    assert "信访件月度走势" in layout.title.text
    assert layout.title.subtitle.text == "2012年1-9月 · 信访 · 全县"  # one line on top: title and period
    (footnote,) = [note for note in layout.annotations if note.name == "footnote"]  # the rest under the plot
    assert footnote.text == "数据来源：青岚县信访系统导出<br>口径：按受理日期统计"
    assert footnote.yref == "paper" and footnote.y == 0 and footnote.yanchor == "top" and footnote.yshift < 0
    assert layout.template.layout.font.family.startswith("'Noto Sans CJK SC'")


def test_download_is_a_3x_png_named_after_title_and_period():
    options = charts.download_config(SPEC)["toImageButtonOptions"]
    assert options == {"format": "png", "scale": 3, "filename": "信访件月度走势_2012年1-9月"}


def test_top_n_keeps_the_total_whole():
    table = pd.DataFrame({"unit": list("abcdef"), "received": [50, 40, 30, 20, 10, 5],
                          "received_earlier": [40, 40, 30, 20, 10, 0]})
    table["yoy"] = None
    top = trends.top_with_other(table, 3)
    assert list(top["unit"]) == ["a", "b", "c", "其他（3类）"]
    assert top["received"].sum() == 155 and top["received"].iloc[-1] == 35


def test_survey_score_weights_answers_by_vote_share():
    votes = pd.DataFrame({"township": "甲镇", "item": "服务态度", "answer": ["满意", "基本满意", "不满意"],
                          "votes": [3, 1, 1]})
    row = satisfaction.survey_scores(votes, "township", Policy()).iloc[0]
    assert row["score"] == pytest.approx((5 * 3 + 4 + 3) / 5)
    assert row["satisfaction_rate"] == pytest.approx(4 / 5) and row["votes"] == 5


def test_rate_bars_say_where_their_axis_starts_and_scores_start_at_zero():
    spec = charts.ChartSpec("按时办结率", "2012年1-9月", "测试")
    high = pd.DataFrame({"label": ["甲", "乙"], "value": [0.97, 1.0]})
    figure = charts.ranked_bars(high, spec, value_format="percent")
    assert figure.layout.xaxis.range[0] > 0
    assert [note.text for note in figure.layout.annotations if note.name != "footnote"] == \
        [f"横轴自{figure.layout.xaxis.range[0]:.0%}起"]
    low = pd.DataFrame({"label": ["甲", "乙"], "value": [0.3, 1.0]})
    assert charts.ranked_bars(low, spec, value_format="percent").layout.xaxis.range[0] == 0
    assert [note.name for note in charts.ranked_bars(low, spec, value_format="percent").layout.annotations] == \
        ["footnote"]
    scores = pd.DataFrame({"label": ["甲", "乙"], "value": [57.6, 37.9]})
    assert tuple(charts.ranked_bars(scores, spec, value_format="points").layout.xaxis.range) == (0, 100)


def test_month_axes_read_1月_to_12月_with_the_year_where_it_starts():
    months = pd.date_range("2011-11-01", "2012-09-01", freq="MS")
    series = pd.DataFrame({"bucket": months, "group": "信访", "value": range(len(months))})
    axis = charts.volume_over_time(series, charts.ChartSpec("走势", "2012年", "测试")).layout.xaxis
    assert list(axis.ticktext) == ["2011年11月", "12月", "2012年1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月"]
    long = pd.date_range("2010-01-01", "2012-09-01", freq="MS")  # 33 months by month: every 3rd, the last kept
    ticks = charts.month_ticks(long)
    assert ticks["ticktext"][-1] == "9月" and len(ticks["tickvals"]) == len(set(ticks["tickvals"])) <= 13
