"""The same numbers on both backends (issue 15, Tier 2): each metric the pages and the briefing read
is computed on DuckDB and on ClickHouse (chdb, in-process, no server), from the same published data,
and must come out identical: the hand-computed county, whose numbers are known, and the demo county.
ClickHouse runs the query files as minyi.dialects writes them from the DuckDB ones."""

from __future__ import annotations

import collections
import datetime as dt
import json
import os

import duckdb
import numpy as np
import pandas as pd
import pytest

from minyi import (clickhouse, clickhouse_loads, db, dialects, metrics, overview, periods, rankings, snapshot_files,
                   view_cache)
from minyi.scope import Scope
from tests.dashboard_runs import figures_by_title, open_dashboard, shown_cards


PERIODS = {
    "1-9月": periods.Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)),
    "9月": periods.Period(dt.date(2012, 9, 1), dt.date(2012, 9, 30)),
    "第二季度": periods.Period(dt.date(2012, 4, 1), dt.date(2012, 6, 30)),
    "自定义 2月10日至5月20日": periods.Period(dt.date(2012, 2, 10), dt.date(2012, 5, 20)),
    "2011年": periods.Period(dt.date(2011, 1, 1), dt.date(2011, 12, 31)),
}


def _store(path, folder, database):
    store = clickhouse.chdb_store(folder, database)
    clickhouse_loads.load_snapshot(store, snapshot_files.current_snapshot(path))
    return store


def _both(path, folder, database):
    """A DuckDB reader and a chdb store on the same published data."""
    store = _store(path, folder, database)
    reader = db.open_reader(path)
    yield reader, store
    reader.close()
    store.close()


@pytest.fixture(scope="module")
def hand_backends(hand_db, chdb_folder):
    yield from _both(hand_db, chdb_folder, "hand")


@pytest.fixture(scope="module")
def demo_backends(demo_db, chdb_folder):
    yield from _both(demo_db, chdb_folder, "demo")


def _same(on_duckdb: pd.DataFrame, on_clickhouse: pd.DataFrame, keys: list[str]) -> None:
    """Equal row for row, whatever order each backend returned them in and however it typed a count."""
    def normalised(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.sort_values(keys, ignore_index=True).astype(object)
        return frame.where(frame.notna(), None).map(lambda v: float(v) if isinstance(v, (int, float, np.number))
                                                    and not isinstance(v, bool) else v)

    assert list(on_duckdb.columns) == list(on_clickhouse.columns)
    pd.testing.assert_frame_equal(normalised(on_duckdb), normalised(on_clickhouse), check_exact=False, rtol=1e-12)


def test_the_hand_county_reads_the_same_on_clickhouse(hand_backends):
    reader, store = hand_backends
    scope = Scope(PERIODS["1-9月"])
    on_clickhouse = metrics.headline(store, scope, comparisons=("last_year", "previous"))
    assert on_clickhouse.iloc[0]["received"] == 141 and on_clickhouse.iloc[0]["received_yoy"] == pytest.approx(-0.295)
    _same(metrics.headline(reader, scope, comparisons=("last_year", "previous")), on_clickhouse, ["unit"])


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("by", ["county", "source", "township", "department"])
def test_headline_numbers_are_the_same_on_both_backends(demo_backends, period, by):
    reader, store = demo_backends
    scope = Scope(PERIODS[period])
    _same(metrics.headline(reader, scope, by=by, comparisons=("last_year", "previous")),
          metrics.headline(store, scope, by=by, comparisons=("last_year", "previous")), ["unit"])


@pytest.mark.parametrize("filters", [{"township": "河口镇"}, {"source": "petition"}, {"department": "县住建局"}])
def test_filtered_numbers_are_the_same_on_both_backends(demo_backends, filters):
    reader, store = demo_backends
    scope = Scope(PERIODS["1-9月"], **filters)
    _same(metrics.headline(reader, scope, by="township", comparisons=("last_year",)),
          metrics.headline(store, scope, by="township", comparisons=("last_year",)), ["unit"])


@pytest.mark.parametrize("by", ["township", "department"])
def test_rankings_are_the_same_on_both_backends(demo_backends, by):
    reader, store = demo_backends
    scope = Scope(PERIODS["1-9月"], chosen_months=9)
    rule, policy = rankings.RankingRule.from_config(), metrics.Policy.from_config()
    _same(rankings.ranking(reader, scope, by, rule, policy), rankings.ranking(store, scope, by, rule, policy), ["unit"])


def test_the_overview_trend_is_the_same_on_both_backends(demo_backends):
    reader, store = demo_backends
    scope = Scope(PERIODS["1-9月"])
    trend = overview.monthly_against_last_year(store, scope)
    assert len(trend) == 2 * (12 + 9)  # 信访 and 投诉, every month of 2011 and 1-9月 2012
    _same(overview.monthly_against_last_year(reader, scope), trend, ["group", "year", "month"])


# Each page with the sidebar changes it is replayed under: its default view, a township, a source, a
# quarter and a custom period starting and ending inside months.
SIDEBAR_CHANGES = (
    lambda app: app.sidebar.selectbox(key="township").set_value("河口镇"),
    lambda app: app.button_group(key="source").set_value("petition"),
    lambda app: app.button_group(key="period").set_value("quarter"),
    lambda app: app.button_group(key="period").set_value("custom"),
    lambda app: app.sidebar.date_input(key="from").set_value(dt.date(2012, 2, 10)),
    lambda app: app.sidebar.date_input(key="to").set_value(dt.date(2012, 5, 20)),
)
PAGES = ("overview", "trends", "timeliness", "satisfaction", "rankings", "grid", "service", "briefing")


def test_every_query_the_pages_run_returns_the_same_rows_on_clickhouse(demo_db, demo_backends, monkeypatch):
    """Every query file the dashboard's pages ran on DuckDB (each page, default view and the sidebar
    changes above), run again with the same parameters on chdb: the same rows. The DuckDB catalog
    checks (dialects.DUCKDB_CATALOG) are not analysis queries and have no ClickHouse form."""
    ran: dict[str, tuple[str, dict]] = {}
    run = db.run

    def recorded(con, name, /, **params):
        ran.setdefault(f"{name} {sorted(params.items())!r}", (name, params))
        return run(con, name, **params)

    monkeypatch.setattr(db, "run", recorded)
    app = open_dashboard(demo_db, monkeypatch)
    for page in PAGES:
        app.switch_page(f"pages/{page}.py")
        app.run()
        for change in SIDEBAR_CHANGES if page not in ("briefing",) else ():
            try:
                change(app)
            except KeyError:  # a page without that widget (网格 and 便民服务 have no source)
                continue
            app.run()
            assert not app.exception, (page, app.exception)
    monkeypatch.setattr(db, "run", run)
    reader, store = demo_backends
    compared = 0
    for name, params in ran.values():
        if name in dialects.DUCKDB_CATALOG:
            continue
        try:
            on_duckdb = db.run(reader, name, **params)
        except duckdb.Error:  # a query reading a table the import registers, not the snapshot
            continue
        on_clickhouse = db.run(store, name, **params)
        _same_rows(on_duckdb, on_clickhouse, name)
        compared += 1
    assert compared > 150, compared


def _same_rows(on_duckdb: pd.DataFrame, on_clickhouse: pd.DataFrame, name: str) -> None:
    assert list(on_duckdb.columns) == list(on_clickhouse.columns), name

    def normalised(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.astype(object).where(frame.notna(), None).map(
            lambda v: float(v) if isinstance(v, (int, float, np.number)) and not isinstance(v, bool) else v)
        return frame.sort_values(list(frame.columns), key=lambda column: column.astype(str), ignore_index=True)

    pd.testing.assert_frame_equal(normalised(on_duckdb), normalised(on_clickhouse), check_exact=False, rtol=1e-9,
                                  obj=name)


@pytest.mark.parametrize("by, unit", [("department", "COALESCE(department, '（未填写）')"), ("county", "'全县'"),
                                      ("no such unit", "'全县'")])
def test_a_breakdown_is_written_for_clickhouse_with_its_one_branch(by, unit, demo_backends):
    """ClickHouse reads every branch's columns of a CASE on a parameter for every row: the query is
    written with the branch the bound value picks (the ELSE for another value), and still reads the
    same rows."""
    params = dict(Scope(PERIODS["1-9月"]).params(), by=by)
    written = dialects.clickhouse_query("handling_days", params)
    assert " CASE " not in written.split("*/")[-1] and f"({unit}) AS unit" in written
    if by != "no such unit":
        reader, store = demo_backends
        _same_rows(db.run(reader, "handling_days", **params), db.run(store, "handling_days", **params), by)


def test_a_database_in_history_parts_loads_whole_and_reads_the_same(tmp_path, chdb_folder, monkeypatch):
    """The ClickHouse copy of a database whose settled months are in a history part holds every case,
    not only the current part's, and gives the numbers DuckDB reads through the parts."""
    from minyi import parts
    from tests.test_history_parts import HEADER as PARTS_HEADER, _export
    from tests.export_files import import_into, write_csv

    monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "300")
    db_path = tmp_path / "db" / "m.duckdb"
    rows = _export(np.random.default_rng(15), 0, 1500, dt.datetime(2011, 1, 1), 546)
    import_into(db_path, [write_csv(tmp_path / "first.csv", PARTS_HEADER, rows)])
    snapshot = snapshot_files.current_snapshot(db_path)
    with duckdb.connect(str(snapshot), read_only=True) as own:  # the current part alone
        assert own.execute("select count(*) from cases").fetchone()[0] < 1500
    assert parts.owned(db.connect(snapshot, read_only=True))
    store = _store(db_path, chdb_folder, "parted")
    assert db.run(store, "case_total", **Scope(periods.Period(dt.date(2011, 1, 1), dt.date(2012, 6, 30))).params()
                  ).iloc[0, 0] == 1500
    reader = db.open_reader(db_path)
    for period in (PERIODS["2011年"], PERIODS["第二季度"], PERIODS["自定义 2月10日至5月20日"]):
        _same(metrics.headline(reader, Scope(period), by="township", comparisons=("last_year",)),
              metrics.headline(store, Scope(period), by="township", comparisons=("last_year",)), ["unit"])


def test_the_command_line_reads_the_same_numbers_from_clickhouse(hand_db, empty_load_record, monkeypatch, capsys):
    """`python -m minyi clickhouse-load` copies the database into MINYI_BACKEND=chdb://DIR, and
    `python -m minyi metrics` then prints from ClickHouse what it prints from DuckDB."""
    from minyi.__main__ import main

    asked = ["metrics", "--db", str(hand_db), "--from", "2012-01-01", "--to", "2012-09-30", "--by", "township",
             "--format", "json"]
    assert main(asked) == 0
    on_duckdb = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("MINYI_BACKEND", f"chdb://{empty_load_record}")
    assert main(asked) == 2
    assert "clickhouse-load" in capsys.readouterr().err  # nothing copied yet: told what to run
    assert main(["clickhouse-load", "--db", str(hand_db)]) == 0
    assert "案件 341 件" in capsys.readouterr().out
    assert main(asked) == 0
    on_clickhouse = json.loads(capsys.readouterr().out)
    assert on_clickhouse == on_duckdb
    assert [row["received"] for row in on_clickhouse["rows"]] == [120, 21]


ZONED_RUN = """
import datetime as dt, sys
from pathlib import Path
from minyi import clickhouse, clickhouse_loads, db, grid_metrics, metrics, periods, service_metrics, snapshot_files
from minyi.scope import Scope
path, folder = Path(sys.argv[1]), Path(sys.argv[2])
store = clickhouse.chdb_store(folder, "zoned")
clickhouse_loads.load_snapshot(store, snapshot_files.current_snapshot(path))
reader = db.open_reader(path)
start, end = dt.date(2012, 2, 10), dt.date(2012, 5, 20)  # days inside months: read by time of day
scope = Scope(periods.Period(start, end))
for con in (reader, store):
    listed = db.run(con, "case_list", **scope.params(), limit=50).sort_values("case_id")
    print(listed["received_at"].astype(str).tolist()[:3],
          metrics.headline(con, scope, by="township").to_dict("records"),
          grid_metrics.rates_by(con, start, end, by="township").to_dict("records"),
          service_metrics.rates_by(con, start, end, by="township").to_dict("records"))
"""


def test_times_read_the_same_on_a_machine_outside_utc(demo_db, tmp_path):
    """A county's server runs on China time: ClickHouse there counts the cases, grid events and 办件 of
    a period starting and ending inside months as DuckDB does (an event at 23:30 stays on its day)."""
    import subprocess
    import sys

    from minyi.config import PROJECT_ROOT

    shown = subprocess.run([sys.executable, "-c", ZONED_RUN, str(demo_db), str(tmp_path / "chdb")], cwd=PROJECT_ROOT,
                           env={**os.environ, "TZ": "Asia/Shanghai"}, capture_output=True, text=True, timeout=600)
    assert shown.returncode == 0, shown.stderr
    on_duckdb, on_clickhouse = shown.stdout.strip().splitlines()
    assert "2012-0" in on_duckdb
    assert on_clickhouse == on_duckdb


# The dashboard's pages as a user opens them (and a township, a quarter), on each backend.
DASHBOARD_VIEWS = (
    *((page, None) for page in (*PAGES, "assessment", "data_status")),
    ("overview", lambda app: app.sidebar.selectbox(key="township").set_value("河口镇")),
    ("rankings", lambda app: app.button_group(key="period").set_value("quarter")),
    ("timeliness", lambda app: app.button_group(key="source").set_value("complaint")),
)
SHOWN_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                  "metric", "html", "dataframe", "table")


def _page_as_shown(app) -> dict:
    """What a page put on screen: its texts, cards, tables and charts, in order."""
    shown = {"cards": shown_cards(app), "charts": figures_by_title(app)}
    for kind in SHOWN_ELEMENTS:
        elements = app.get(kind)
        if kind in ("dataframe", "table"):
            shown[kind] = [element.value.astype(str).to_dict("split") for element in elements]
        elif kind == "html":
            shown[kind] = [element.proto.body for element in elements]
        else:
            shown[kind] = [str(element.value) for element in elements]
    return shown


def _dashboard_pages(db_path, monkeypatch) -> dict:
    app = open_dashboard(db_path, monkeypatch)
    seen = {}
    for page, change in DASHBOARD_VIEWS:
        app.switch_page(f"pages/{page}.py")
        app.run()
        if change is not None:
            change(app)
            app.run()
        assert not app.exception, (page, app.exception)
        seen[f"{page}{' (changed)' if change else ''}"] = _page_as_shown(app)
    return seen


def test_the_dashboard_shows_the_same_pages_on_clickhouse(demo_db, chdb_folder, monkeypatch):
    """MINYI_BACKEND=chdb://DIR runs the dashboard itself on ClickHouse: on its first run it copies the
    published snapshot into a database of its own, and every page then shows the same cards, texts,
    tables and charts as on DuckDB, having read every query from ClickHouse (the memo is keyed apart,
    so nothing is served from the DuckDB run)."""
    read = {"duckdb": set(), "chdb": set()}
    rows = db._rows

    def counted(con, name, params):
        read["chdb" if hasattr(con, "rows_of") else "duckdb"].add(name)
        return rows(con, name, params)

    monkeypatch.setattr(db, "_rows", counted)
    monkeypatch.setattr(db, "_memo", collections.OrderedDict())  # what earlier tests read is not counted
    view_cache.clear()
    on_duckdb = _dashboard_pages(demo_db, monkeypatch)
    read_on_duckdb, read = read["duckdb"], {"duckdb": set(), "chdb": set()}
    monkeypatch.setenv("MINYI_BACKEND", f"chdb://{chdb_folder}")
    on_clickhouse = _dashboard_pages(demo_db, monkeypatch)
    file_reads = dialects.DUCKDB_FILE_READS
    assert read["duckdb"] <= file_reads, read["duckdb"] - file_reads
    assert read_on_duckdb - file_reads == read["chdb"] - file_reads - {"clickhouse/case_count"}
    assert on_duckdb.keys() == on_clickhouse.keys()
    said = on_clickhouse["data_status"]["caption"].pop(0)  # the 数据 page says where the numbers come from
    assert said.startswith("各页数字读取自 ClickHouse") and str(chdb_folder) in said
    for view in on_duckdb:
        for part in on_duckdb[view]:
            assert on_duckdb[view][part] == on_clickhouse[view][part], (view, part)
