"""A period longer than a year has no 同比 or 环比 (both windows would overlap the period itself):
cards show "—" and the page says why, sentences and the metrics command leave them out."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import streamlit as st

from minyi import db, filters, metrics, pack, periods, rankings
from minyi.__main__ import main
from minyi.periods import Period
from tests.dashboard_runs import open_dashboard, shown_cards
from tests.export_files import imported_database

D = dt.date
NINE_YEARS = ("2012-06-10", "2020-01-08")  # the data's first and last day


def test_longer_than_a_year():
    assert not periods.longer_than_a_year(periods.year(2012))
    assert not periods.longer_than_a_year(Period(D(2011, 3, 1), D(2012, 2, 29)))
    assert periods.longer_than_a_year(Period(D(2012, 1, 1), D(2013, 1, 1)))
    assert periods.longer_than_a_year(Period(D(2012, 1, 1), D(2020, 1, 8)))


def _rows() -> list[list[str]]:
    """2012–2019: 12 cases a year of 新棉镇 (噪音) on 06-10, closed 06-20; 2020: 3 on 01-08, open."""
    rows = [[f"C{year}{i:02d}", f"{year}-06-10", "新棉镇", "县信访局", "噪音", f"{year}-06-20"]
            for year in range(2012, 2020) for i in range(12)]
    return rows + [[f"J{i}", "2020-01-08", "新棉镇", "县信访局", "噪音", ""] for i in range(3)]


@pytest.fixture(scope="module")
def long_db(tmp_path_factory):
    return imported_database(tmp_path_factory.mktemp("long"), "long.csv",
                             ["信访件编号", "信访时间", "所属乡镇", "承办单位", "问题类别", "办结时间"], _rows())


def test_overview_of_nine_years_shows_no_comparisons_and_says_why(long_db, monkeypatch):
    app = open_dashboard(long_db, monkeypatch, period="自定义", **{"from": NINE_YEARS[0], "to": NINE_YEARS[1]})
    cards = {m.label: (m.value, m.delta) for m in shown_cards(app).values()}
    assert cards["信访受理"] == ("99件", None)               # 8 × 12 + 3, and no 同比
    assert cards["办结率"][0] == "97.0%" and not cards["办结率"][1]
    assert "所选期间超过一年，上年同期与本期重叠，不计算同比和环比" in app.caption[0].value
    markdown = [m.value for m in app.markdown]
    lines = [line for card in shown_cards(app).values() for line in card.lines]
    assert lines.count("同比 —") == len(cards) and not any("环比" in text for text in lines)  # 自定义: none
    paragraph = next(text for text in markdown if text.startswith("> "))
    assert paragraph.startswith("> 2012年6月10日至2020年1月8日，全县共受理信访事项99件。办结96件，办结率97.0%。")
    assert not any(word in paragraph for word in ("同比", "环比", "上年同期", "上一周期"))
    st.cache_data.clear()
    st.cache_resource.clear()


def test_metrics_and_briefing_of_nine_years_leave_comparisons_out(long_db, capsys):
    capsys.readouterr()
    assert main(["metrics", "--from", NINE_YEARS[0], "--to", NINE_YEARS[1], "--format", "json", "--db",
                 str(long_db)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["rows"][0]["received"] == 99 and "received_yoy" not in figures["rows"][0]
    assert "不计算同比和环比" in figures["comparison"]
    assert main(["metrics", "--from", NINE_YEARS[0], "--to", NINE_YEARS[1], "--db", str(long_db)]) == 0
    assert "—" in capsys.readouterr().out

    con = db.open_reader(long_db)
    try:
        view = filters.view_of(filters.read_choices(con), Period(D(2012, 6, 10), D(2020, 1, 8)))
        assert not view.compared
        built = pack.build(con, view, {"county": "长期县"}, metrics.Policy(), rankings.RankingRule.from_config(),
                           made_on=D(2020, 2, 1))
        text = "".join(p for section in built.sections for p in section.paragraphs)
        takeaways = "".join(exhibit.takeaway for exhibit in built.exhibits)
        assert not any(word in text + takeaways for word in ("同比", "环比", "上年同期", "上一周期"))
        assert "受理最多的是“噪音”，占100.0%。" in takeaways
        table = rankings.ranking(con, view.scope, "township", rankings.RankingRule.from_config(), metrics.Policy())
        assert list(table["change"]) == [""] and table["volume_score"].isna().all()
    finally:
        con.close()
