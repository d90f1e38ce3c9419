"""The dashboard, `python -m minyi metrics` and `python -m minyi briefing` give the same numbers for
the same dates, on an export whose closures run months past its last receipt: the data's end is
its latest closure, so those closures count (办结率 97.5%, not the 25.0% of a period cut at the
last receipt day)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
import streamlit as st

from minyi import documents, periods
from minyi.__main__ import main
from minyi.filters import Choices, view_of
from tests.dashboard_runs import open_dashboard, shown_cards
from tests.export_files import imported_database

HEADER = ["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "回访结果", "是否重复件"]


def _rows() -> list[list[str]]:
    """2019: 50 received 01-10, closed 01-20. 2020: 40 received 01-15 (the last receipt), of which
    10 closed 01-25, 20 closed 03-10, 9 closed 08-20 (the data's end) and 1 still open."""
    rows = [[f"A{i:03d}", "2019-01-10", "新棉镇", "县信访局", "2019-01-20", "满意", "否"] for i in range(50)]
    for i in range(40):
        closed = "2020-01-25" if i < 10 else "2020-03-10" if i < 30 else "2020-08-20" if i < 39 else ""
        rows.append([f"B{i:03d}", "2020-01-15", "新棉镇", "县信访局", closed, "满意" if closed else "", "否"])
    return rows


@pytest.fixture(scope="module")
def late_closures_db(tmp_path_factory):
    return imported_database(tmp_path_factory.mktemp("late_closures"), "一月受理八月办结.csv", HEADER, _rows())


def _dashboard(path: Path, monkeypatch, **url: str) -> dict[str, tuple[str, str | None]]:
    app = open_dashboard(path, monkeypatch, **url)
    cards = {m.label: (m.value, m.delta) for m in shown_cards(app).values()}
    st.cache_data.clear()
    st.cache_resource.clear()
    return cards


def _metrics_cli(path: Path, capsys, start: str, end: str) -> dict:
    capsys.readouterr()
    assert main(["metrics", "--from", start, "--to", end, "--format", "json", "--db", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def _briefing_cli(path: Path, capsys, monkeypatch, tmp_path: Path, start: str, end: str) -> str:
    monkeypatch.setattr(documents, "draw", lambda briefing, formats=(): briefing)  # the text is the point, not the PNGs
    monkeypatch.setattr(documents, "write", lambda drawn, extension: b"")
    capsys.readouterr()
    assert main(["briefing", "--from", start, "--to", end, "--out", str(tmp_path / "b.docx"), "--db", str(path)]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("url, start, end, label, closed, completion", [
    # the same dates typed in all three (URL values are what the widgets show)
    ({"period": "自定义", "from": "2020-01-01", "to": "2020-03-31"}, "2020-01-01", "2020-03-31", "2020年1-3月",
     30, "75.0%"),
    # 1–8月 on the dashboard and --to 2020-08-31: both cut at the data's end (the last closure), like for like
    ({"period": "1–N月", "year": "2020年", "month": "8月"}, "2020-01-01", "2020-08-31", "2020年1月1日-8月20日",
     39, "97.5%"),
])
def test_dashboard_metrics_and_briefing_agree(late_closures_db, monkeypatch, capsys, tmp_path, url, start, end, label,
                                              closed, completion):
    cards = _dashboard(late_closures_db, monkeypatch, **url)
    figures = _metrics_cli(late_closures_db, capsys, start, end)
    headline = _briefing_cli(late_closures_db, capsys, monkeypatch, tmp_path, start, end)

    row = figures["rows"][0]
    assert figures["period"]["label"] == label
    assert (row["received"], row["closed"], row["received_last_year"]) == (40, closed, 50)
    assert f"{row['completion_rate']:.1%}" == completion and round(row["received_yoy"], 3) == -0.2

    assert cards["信访受理"] == ("40件", "-20.0%")
    assert cards["办结率"][0] == completion

    assert f"{label.replace('日-', '日至')}，全县共受理信访事项40件，同比下降20.0%" in headline
    assert f"办结{closed}件，办结率{completion}" in headline


def test_a_period_past_the_last_receipt_is_not_compared_with_a_whole_one():
    """An export taken on 6 January (closures recorded to 7 February) viewed as 2020年1月: its
    January volume stops on the 6th, last year's January does not, so no 同比 (it would read −98%)."""
    day = dt.date
    whole_january = tuple(day(2019, 1, d) for d in range(1, 32))
    choices = Choices(day(2019, 1, 1), day(2020, 2, 7), (), (), (), (), last_received=day(2020, 1, 6),
                      receipt_days=whole_january + (day(2020, 1, 2), day(2020, 1, 6)))
    view = view_of(choices, periods.month(2020, 1))
    assert not view.compared and not view.scope.comparable
    assert view.comparison_note().startswith("受理记录截至2020年1月6日")
    # the same export a year earlier stopped on the same day: like for like, compared
    same_cut = tuple(day(2019, 1, d) for d in range(1, 7)) + (day(2020, 1, 2), day(2020, 1, 6))
    assert view_of(replace(choices, receipt_days=same_cut), periods.month(2020, 1)).compared
    # a last receipt two days before the period's end is a nightly export's usual lag
    assert view_of(replace(choices, last_received=day(2020, 1, 29)), periods.month(2020, 1)).compared


def _monthly_rows() -> list[list[str]]:
    """Petitions, each closed ten days after receipt, the last on 2012-09-30 (the data's end, so 9月 is
    whole): 25 on 2011-09-10; 10 on 2012-01-10, 20 on 2012-08-10 and 30 on 2012-09-10."""
    counts = {"2011-09-10": 25, "2012-01-10": 10, "2012-08-10": 20, "2012-09-10": 30}
    rows = []
    for day, count in counts.items():
        closed = str(dt.date.fromisoformat(day) + dt.timedelta(days=20 if day == "2012-09-10" else 10))
        rows += [[f"{day}-{i:02d}", day, "新棉镇", "县信访局", closed, "满意", "否"] for i in range(count)]
    return rows


@pytest.fixture(scope="module")
def monthly_db(tmp_path_factory):
    return imported_database(tmp_path_factory.mktemp("monthly"), "逐月信访.csv", HEADER, _monthly_rows())


def _pop_lines(path: Path, monkeypatch, **url: str) -> tuple[dict, list[str]]:
    app = open_dashboard(path, monkeypatch, **url)
    cards = {m.label: (m.value, m.delta) for m in shown_cards(app).values()}
    lines = [f"{line}（{tone}）" for card in shown_cards(app).values() for line, tone in zip(card.lines, card.tones)
             if "环比" in line]
    st.cache_data.clear()
    st.cache_resource.clear()
    return cards, lines


@pytest.mark.parametrize("url, start, end, comparison, pop, sentence", [
    # 1–N月: 60 against 25 a year earlier; its 环比 is 9月 (30) against 8月 (20), on receipts only
    ({"period": "1–N月", "year": "2012年", "month": "9月"}, "2012-01-01", "2012-09-30",
     "同比对比2011年1-9月，9月环比对比2012年8月", ("9月环比", 30, 20),
     "2012年1-9月，全县共受理信访事项60件，同比上升140.0%，其中9月受理30件，环比上升50.0%。"),
    # 月: 30 against 25 (同比) and against 20 in August (环比), rates too
    ({"period": "月", "year": "2012年", "month": "9月"}, "2012-09-01", "2012-09-30",
     "同比对比2011年9月，环比对比2012年8月", ("环比", 30, 20),
     "2012年9月，全县共受理信访事项30件，同比上升20.0%，环比上升50.0%。"),
    # 年: no 环比 at all (its previous period would be last year, 同比 again)
    ({"period": "年", "year": "2012年"}, "2012-01-01", "2012-12-31",
     "数据截至2012年9月30日，本期未完，按相同日期同口径比较：同比对比2011年1-9月", None,
     "2012年1-9月，全县共受理信访事项60件，同比上升140.0%。"),
])
def test_month_on_month_changes_agree_per_period_kind(monthly_db, monkeypatch, capsys, tmp_path, url, start, end,
                                                     comparison, pop, sentence):
    cards, lines = _pop_lines(monthly_db, monkeypatch, **url)
    figures = _metrics_cli(monthly_db, capsys, start, end)
    headline = _briefing_cli(monthly_db, capsys, monkeypatch, tmp_path, start, end)

    assert figures["comparison"] == comparison
    assert headline.splitlines()[0].startswith(sentence)
    row = figures["rows"][0]
    assert cards["信访受理"][0] == f"{row['received']}件"
    if pop is None:
        assert figures["pop"] is None and not lines  # no 环比 line on any card
        assert "环比" not in headline and not any(key.endswith("_previous") for key in row)
        return
    label, current, previous = pop
    assert figures["pop"]["label"] == label
    prefix = "month_received" if label != "环比" else "received"
    assert (row[prefix], row[f"{prefix}_previous"], row[f"{prefix}_pop"]) == (current, previous, 0.5)
    assert f"{label} ↑50.0%（bad）" in lines  # the 信访受理 card: more petitions is bad news, in red
    if label != "环比":  # 1–N月: a year-to-date rate has no 环比 line
        assert len(lines) == 1
