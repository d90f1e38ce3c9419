"""Every chart carries its title and scope on top, its data source and 口径 in a footnote under the
plot, and downloads as a 3× PNG."""

from __future__ import annotations

import pandas as pd
import pytest

from minyi import chart_text, charts, images, satisfaction, time_charts, trends
from minyi.metrics import Policy

SPEC = charts.ChartSpec("信访件月度走势", "2012年1-9月 · 信访 · 全县", "青岚县信访系统导出", "按受理日期统计")

BUILDERS = {
    "trend": lambda: time_charts.trend_against_last_year(
        pd.DataFrame({"year": [2011, 2012], "month": [1, 1], "value": [10, 7]}), SPEC),
    "volume": lambda: time_charts.volume_over_time(
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
    wide = charts.ChartSpec("走势", "2012年", "测试", width=charts.FULL)
    axis = time_charts.volume_over_time(series, wide).layout.xaxis
    assert list(axis.ticktext) == ["11月<br>2011年", "12月", "1月<br>2012年", "2月", "3月", "4月", "5月", "6月", "7月",
                                   "8月", "9月"]
    assert axis.tickangle == 0
    long = pd.date_range("2010-01-01", "2012-09-01", freq="MS")  # 33 months: every 2nd, the last kept
    ticks = time_charts.month_ticks(long)
    assert ticks["ticktext"][-1] == "9月" and len(ticks["tickvals"]) == len(set(ticks["tickvals"])) <= 24
    assert [text for text in ticks["ticktext"] if "<br>" in text] == ["1月<br>2010年", "1月<br>2011年", "1月<br>2012年"]


def test_a_half_width_chart_thins_its_month_ticks_to_what_fits():
    months = pd.date_range("2010-11-01", "2012-09-01", freq="MS")  # 23 months in a half column at 1366 px
    series = pd.DataFrame({"bucket": months, "group": "信访", "value": 1})
    axis = time_charts.volume_over_time(series, charts.ChartSpec("走势", "2010年11月-2012年9月", "测试")).layout.xaxis
    assert len(axis.tickvals) * time_charts.TICK_SLOT_PX <= charts.HALF - 80 and axis.tickangle == 0
    assert axis.ticktext[0] == "11月<br>2010年" and pd.Timestamp(axis.tickvals[-1]) == months[-1]
    assert len(set(axis.tickvals)) == len(axis.tickvals)  # no month twice


# --- footnotes that never wrap badly ------------------------------------------------------------

LONG_CALIBER = ("按时办结率＝期限内办结件数÷应办结件数（期限届满于统计期内的案件），期限以导出载明为准，未载明的按"
                "《信访工作条例》60日、12345热线15个工作日推定；8月仅含1–15日；2016年3月5日-12月31日、"
                "2024年1月1日-8月15日不满一年；数据来源于青岚县（虚构演示县）信访系统")


@pytest.mark.parametrize("width", [charts.HALF, charts.FULL, 212, 440])  # half and full column at 1366 and 900 px
def test_a_long_footnote_fits_the_figure_and_leaves_no_orphan(width):
    spec = charts.ChartSpec("按时办结率", "2012年1-8月", "青岚县（虚构演示县）信访系统、12345热线等投诉系统导出（演示数据）",
                            LONG_CALIBER, width=width)
    lines = spec.footnote_lines()
    assert "".join(lines) == f"数据来源：{spec.source}口径：{LONG_CALIBER}"   # nothing lost, nothing added
    assert chart_text.widest(lines, charts.FOOTNOTE_PX) <= width - 2 * charts.PAD_PX
    for part in (f"数据来源：{spec.source}", f"口径：{LONG_CALIBER}"):  # each part's last line: no orphan
        last = [line for line in lines if part.endswith(line)][-1]
        assert len(last) >= chart_text.ORPHAN_MIN
    assert not any(line[0] in chart_text.CLOSING for line in lines)   # no line opens with ，）；
    assert not any(line[-1] in chart_text.OPENING for line in lines)  # nor ends with （《
    assert not any(a[-1].isdigit() and b[0].isdigit() for a, b in zip(lines, lines[1:]))  # 12345 stays whole


def test_an_orphan_moves_down_with_company():
    # 34 characters on a 33-character line: plain wrapping leaves "据）" alone on the last line
    text = "数据来源：青岚县（虚构演示县）信访系统导出的全部信访件数据）"
    lines = chart_text.wrap(text, 12 * (len(text) - 2), 12)
    assert len(lines) == 2 and len(lines[-1]) >= chart_text.ORPHAN_MIN and "".join(lines) == text


def test_a_figure_carries_its_footnote_inside_and_a_document_can_drop_the_title():
    figure = BUILDERS["trend"]()
    note = next(note for note in figure.layout.annotations if note.name == "footnote")
    assert note.yshift < 0 and -note.yshift + 16 * len(note.text.split("<br>")) <= figure.layout.margin.b
    assert note.xshift == charts.PAD_PX - figure.layout.margin.l  # starts at the figure's edge, as the title does
    bare = charts.without_title(figure)
    assert not bare.layout.title.text and charts.footnote_of(bare) == charts.footnote_of(figure)
    assert bare.layout.height < figure.layout.height and bare.layout.margin.t < figure.layout.margin.t
    assert figure.layout.title.text == "<b>信访件月度走势</b>"  # the original is left as it was


# --- one panel and one colour per source --------------------------------------------------------

def _two_sources() -> pd.DataFrame:
    """信访 about 250 a month, 投诉 about 3,500, for 2011 and 2012 up to a half August."""
    rows = []
    for group, base in (("信访", 250), ("投诉", 3500)):
        for year, months in ((2011, 12), (2012, 8)):
            for month in range(1, months + 1):
                partial = (year, month) == (2012, 8)
                rows.append({"group": group, "year": year, "month": month, "value": base // (2 if partial else 1),
                             "note": "8月（截至15日）" if partial else ""})
    return pd.DataFrame(rows)


def test_each_source_gets_a_panel_with_its_own_axis_from_zero_and_last_year():
    figure = time_charts.trend_against_last_year(_two_sources(), SPEC)
    lines = [trace for trace in figure.data if trace.x != (None,)]
    assert [(trace.name, trace.yaxis) for trace in lines] == [
        ("信访2011年", "y"), ("信访2012年", "y"), ("投诉2011年", "y2"), ("投诉2012年", "y2")]
    assert figure.layout.yaxis.rangemode == figure.layout.yaxis2.rangemode == "tozero"
    assert not figure.layout.yaxis2.matches and not figure.layout.yaxis.matches  # own scales: 250 is not flat
    assert [note.text for note in figure.layout.annotations if note.name == "panel"] == ["<b>信访</b>", "<b>投诉</b>"]
    assert lines[0].line.dash == "dot" and lines[0].line.color == charts.GREY       # last year dotted grey
    assert lines[1].line.color == charts.SOURCE_COLORS["信访"] and lines[3].line.color == charts.SOURCE_COLORS["投诉"]


def test_one_colour_per_source_on_every_chart_split_by_source():
    months = pd.date_range("2012-01-01", "2012-08-01", freq="MS")
    volume = pd.concat([pd.DataFrame({"bucket": months, "group": group, "value": 1}) for group in ("投诉", "信访")])
    years = pd.DataFrame({"group": ["信访", "信访", "投诉", "投诉"], "label": ["2011年", "2012年"] * 2,
                          "value": [3, 4, 30, 40], "partial": [False, True] * 2})
    figures = [time_charts.trend_against_last_year(_two_sources(), SPEC), time_charts.volume_over_time(volume, SPEC),
               time_charts.yearly_bars(years, SPEC)]
    for figure in figures:
        colours = {}
        for trace in figure.data:
            source = next((name for name in ("信访", "投诉") if name in (trace.name or "")), None)
            colour = trace.line.color if trace.type == "scatter" else trace.marker.line.color
            if source and colour != charts.GREY:
                colours.setdefault(source, set()).add(colour)
        assert colours == {"信访": {charts.BLUE}, "投诉": {charts.ORANGE}}
    assert charts.SOURCE_COLORS["信访"] != charts.SOURCE_COLORS["投诉"]


def test_a_partial_month_is_hollow_and_labelled():
    figure = time_charts.trend_against_last_year(_two_sources(), SPEC)
    this_year = next(trace for trace in figure.data if trace.name == "投诉2012年")
    assert this_year.marker.symbol[-1] == "circle-open" and set(this_year.marker.symbol[:-1]) == {"circle"}
    labels = [(note.text, note.x, note.y, note.yref) for note in figure.layout.annotations if note.name == "partial"]
    assert labels == [("8月（截至15日）", "8月", 125, "y"), ("8月（截至15日）", "8月", 1750, "y2")]


def _font_sizes(figure) -> list[float]:
    layout = figure.layout
    template = layout.template.layout
    sizes = [template.font.size, template.title.font.size, template.title.subtitle.font.size, template.legend.font.size]
    sizes += [note.font.size or template.font.size for note in layout.annotations]
    sizes += [axis.tickfont.size or template.font.size for axis in (layout.xaxis, layout.yaxis)]
    return sizes


@pytest.mark.parametrize("name", BUILDERS)
def test_no_chart_text_prints_under_9_points(name):
    figure = BUILDERS[name]()
    assert min(images.print_points(size) for size in _font_sizes(figure)) >= 9
    partial = time_charts.trend_against_last_year(_two_sources(), SPEC)
    assert min(images.print_points(size) for size in _font_sizes(partial)) >= 9
