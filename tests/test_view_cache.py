"""The memo of computed views (minyi.view_cache): an identical view is not computed again, a new
import or another scope is, and two sessions asking at once compute it once."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sys
import threading
import time

import pandas as pd
import pytest

from minyi import charts, db, metrics, overview, snapshot_files, view_cache
from minyi.__main__ import main
from minyi.periods import Period
from minyi.scope import Scope

NINE_MONTHS = Scope(Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)), chosen_months=9)


def _reader(path) -> db.SnapshotReader:
    snapshot = str(snapshot_files.current_snapshot(path))
    return db.SnapshotReader(db.cursor(db.connect(snapshot, read_only=True)), snapshot)


@pytest.fixture
def county(hand_db, tmp_path):
    """A private copy of the hand-computed county, so a test may import into it."""
    folder = tmp_path / "county"
    shutil.copytree(hand_db.parent, folder, symlinks=True)
    return folder / hand_db.name


@pytest.fixture
def counted(monkeypatch):
    """How many times the views below counted cases (metrics.case_counts is not memoised itself)."""
    calls = []
    counting = metrics.case_counts

    def case_counts(*args, **kwargs):
        calls.append(args[1])
        return counting(*args, **kwargs)

    monkeypatch.setattr(metrics, "case_counts", case_counts)
    view_cache.clear()
    yield calls
    view_cache.clear()


def _received(summary: overview.Overview) -> str:
    return {card.label: card.value for card in summary.cards}["信访受理"]


def test_a_second_identical_view_is_not_computed_again(county, counted):
    first = overview.overview(_reader(county), NINE_MONTHS, metrics.Policy())
    computed = len(counted)
    assert computed >= 3  # the period, its 同比 and its 环比
    second = overview.overview(_reader(county), NINE_MONTHS, metrics.Policy())  # another session's cursor
    assert len(counted) == computed
    assert _received(first) == _received(second) == "141件"
    assert second.cards == first.cards and second.paragraph == first.paragraph


def test_a_new_import_computes_the_view_again(county, counted, tmp_path):
    assert _received(overview.overview(_reader(county), NINE_MONTHS, metrics.Policy())) == "141件"
    computed = len(counted)
    export = tmp_path / "补充信访件.csv"
    with open(export, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "回访结果", "是否重复件"])
        writer.writerows([[f"XF2012E{i:03d}", "2012-04-01", "新棉镇", "县信访局", "2012-04-10", "满意", "否"]
                          for i in range(3)])
    assert main(["import", str(export), "--db", str(county)]) == 0  # publishes a new snapshot
    assert _received(overview.overview(_reader(county), NINE_MONTHS, metrics.Policy())) == "144件"
    assert len(counted) > computed


def test_other_scopes_and_policies_do_not_share_a_memo_entry(county, counted):
    reader = _reader(county)
    whole = overview.overview(reader, NINE_MONTHS, metrics.Policy())
    computed = len(counted)
    township = overview.overview(reader, NINE_MONTHS.narrowed("township", "回隆乡"), metrics.Policy())
    assert len(counted) > computed
    assert _received(whole) == "141件" and _received(township) == "21件"  # 10 + 5 + 6 in 回隆乡
    computed = len(counted)
    # the same dates as a 1–N月 choice and as a plain period: 环比 differs, so the views differ
    overview.overview(reader, Scope(NINE_MONTHS.period), metrics.Policy())
    assert len(counted) > computed
    computed = len(counted)
    strict = overview.overview(reader, NINE_MONTHS, metrics.Policy(basic_satisfied_weight=0.0))
    assert len(counted) > computed
    rate = {card.label: card.value for card in strict.cards}["满意率"]
    assert rate != {card.label: card.value for card in whole.cards}["满意率"]


def test_a_changed_setting_computes_the_view_again(county, counted, monkeypatch):
    reader = _reader(county)
    metrics.headline(reader, NINE_MONTHS, policy=metrics.Policy())
    computed = len(counted)
    metrics.headline(reader, NINE_MONTHS, policy=metrics.Policy())
    assert len(counted) == computed
    monkeypatch.setenv("MINYI_COMPARISON_MIN_BASE", "50")
    metrics.headline(reader, NINE_MONTHS, policy=metrics.Policy())
    assert len(counted) > computed


def test_callers_get_copies(county, counted):
    reader = _reader(county)
    table = metrics.headline(reader, NINE_MONTHS, policy=metrics.Policy())
    table.loc[0, "received"] = -1  # a page changing its table must not change the next session's
    assert metrics.headline(reader, NINE_MONTHS, policy=metrics.Policy()).loc[0, "received"] == 141


def test_a_plain_connection_is_not_memoised(hand_db, counted):
    con = db.open_reader(hand_db)  # no snapshot: an import's own connection, a fixture
    metrics.headline(con, NINE_MONTHS, policy=metrics.Policy())
    computed = len(counted)
    metrics.headline(con, NINE_MONTHS, policy=metrics.Policy())
    assert len(counted) == 2 * computed


def test_two_sessions_asking_at_once_compute_the_view_once():
    view_cache.clear()
    calls, second_asked = [], threading.Event()

    @view_cache.memoised
    def slow_view(con, scope):
        calls.append(scope)
        second_asked.wait(10)
        time.sleep(0.2)  # lets the second session reach the memo while this one is still computing
        return pd.DataFrame({"received": [141]})

    class Reader:
        snapshot = "one.duckdb"

    results = []

    def session(signal: threading.Event | None) -> None:
        if signal is not None:
            signal.set()
        results.append(slow_view(Reader(), NINE_MONTHS))

    first = threading.Thread(target=session, args=(None,))
    first.start()
    while not calls:
        time.sleep(0.01)
    second = threading.Thread(target=session, args=(second_asked,))
    second.start()
    first.join(20)
    second.join(20)
    assert len(calls) == 1
    assert [frame["received"].tolist() for frame in results] == [[141], [141]]
    view_cache.clear()


def test_a_figure_is_built_once_per_content():
    view_cache.clear()
    builds = []

    def bars(table: pd.DataFrame, spec: charts.ChartSpec):
        builds.append(len(table))
        return charts.ranked_bars(table, spec)

    spec = charts.ChartSpec("各乡镇受理量", "2012年1-9月 · 信访 · 全县", "青岚县信访系统")
    table = pd.DataFrame({"label": ["新棉镇", "回隆乡"], "value": [120, 21]})
    first = view_cache.figure(bars, table, spec)
    first.update_layout(title_text="changed")  # a page changing its figure must not change the memo
    again = view_cache.figure(bars, table.copy(), spec)  # another session: equal content, another frame
    assert builds == [2]
    assert again.layout.title.text != "changed" and sorted(again.data[0].x) == [21, 120]
    view_cache.figure(bars, table.assign(value=[120, 22]), spec)
    view_cache.figure(bars, table, charts.ChartSpec("各乡镇受理量", "2012年1-6月 · 信访 · 全县", "青岚县信访系统"))
    assert builds == [2, 2, 2]
    with pytest.raises(TypeError):  # a view keyed on a DataFrame's identity would be wrong: refused
        view_cache.memoised(lambda con, table: table)(type("R", (), {"snapshot": "x"})(), table)
    view_cache.clear()


def test_sessions_copying_one_memoised_figure_at_once_each_get_it_whole():
    """Twenty sessions opening the overview together copy the same memoised figures. Plotly reads a
    figure it copies by taking each trace's type out and putting it back, so unguarded copies built
    one another's bars as scatter and the page raised. Thread switches are forced to be frequent here,
    so the race shows within a few tries when the copies are not taken one at a time."""
    view_cache.clear()
    spec = charts.ChartSpec("乡镇（街道）综合排名", "2012年1-9月 · 信访和投诉 · 全县", "青岚县信访系统")
    table = pd.DataFrame({"label": [f"乡镇{index}" for index in range(16)], "value": [50.0 + index for index in range(16)]})
    errors, kinds = [], []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(10):
            view_cache.clear()
            view_cache.figure(charts.ranked_bars, table, spec, value_format="points")  # memoised first
            start = threading.Barrier(8)

            def session() -> None:
                start.wait()
                try:
                    kinds.append(view_cache.figure(charts.ranked_bars, table, spec, value_format="points").data[0].type)
                except ValueError as error:
                    errors.append(str(error)[:80])

            threads = [threading.Thread(target=session) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
    finally:
        sys.setswitchinterval(interval)
        view_cache.clear()
    assert errors == [] and kinds == ["bar"] * 80
