"""The KPI cards' HTML: what each change reads as, in which colour, and that imported text stays text."""

from __future__ import annotations

import pytest

from minyi import card_markup, formatting
from minyi.overview import Card
from tests.dashboard_runs import _CardReader


def _card(yoy, pop=None, rise_is_good=False, **fields) -> Card:
    defaults = dict(label="信访受理", value="2,397件", yoy=yoy, pop=pop, rise_is_good=rise_is_good,
                    sentence="今年1-9月，全县共受理信访事项2397件。")
    return Card(**{**defaults, **fields})


@pytest.mark.parametrize("delta, rise_is_good, tone", [
    ("-29.5%", False, "good"),       # fewer petitions: good news, green
    ("+18.2%", False, "bad"),
    ("+0.3个百分点", True, "good"),  # a higher rate: good news
    ("-0.1个百分点", True, "bad"),
    ("持平", False, "flat"), ("上年同期仅3件", True, "flat"), (None, True, "flat"), ("", False, "flat"),
])
def test_a_change_is_coloured_by_whether_it_is_good_news(delta, rise_is_good, tone):
    assert formatting.change_tone(delta, rise_is_good) == tone


def test_a_signed_change_is_a_pill_with_an_arrow_and_words_are_a_grey_line():
    html = card_markup.cards([_card("-29.5%", "-9.0%", pop_label="9月环比"), _card("上年同期仅3件")])
    reader = _CardReader()
    reader.feed(html)
    first, second = reader.cards
    assert first["delta"].strip() == "↓29.5% 同比" and first["delta_tone"] == "good"
    assert [line.strip() for line in first["lines"]] == ["9月环比 ↓9.0%"] and first["tones"] == ["good"]
    assert second["delta"] == "" and [line.strip() for line in second["lines"]] == ["同比 上年同期仅3件", "环比 —"]
    assert second["tones"] == ["flat", "flat"]
    assert "↑" not in html.split("上年同期仅3件")[1].split("</div>")[0]  # words never get an arrow


def test_year_and_custom_periods_have_no_month_on_month_line():
    html = card_markup.cards([_card("-29.5%", None, pop_label=None)])
    assert "环比" not in html


def test_imported_text_is_escaped_everywhere_on_a_card():
    hostile = '<img src=x onerror=alert(1)>"&'
    html = card_markup.cards([_card("+1.0%", label=hostile, value=hostile, sentence=hostile, note=hostile)])
    assert "<img" not in html and 'onerror=alert(1)>"' not in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;&quot;&amp;") == 5  # label, value, tip (title and aria-label), note


def test_plain_figures_carry_no_comparison():
    html = card_markup.figures([("按时办结率", "99.4%"), ("应办结", "30,903件")])
    assert "同比" not in html and "环比" not in html and "--minyi-per-row: 2" in html
