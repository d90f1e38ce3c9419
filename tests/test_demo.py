"""The demo county tells the story of the seed documents, through the real importer."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from minyi import dataset, db, metrics, snapshot_files
from minyi.demo import LAGGING_TOWNSHIPS, build_demo
from minyi.periods import Period
from minyi.scope import Scope

JAN_SEP = Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30))


def test_demo_is_marked_and_fully_imported(demo_reader):
    assert dataset.describe(demo_reader)["dataset_kind"] == "demo"
    imports = demo_reader.execute("select sum(rows_read), sum(rows_rejected) from imports").fetchone()
    cases = demo_reader.execute("select count(*) from cases").fetchone()[0]
    surveys = demo_reader.execute("select count(*) from survey_responses").fetchone()[0]
    events = demo_reader.execute("select count(*) from grid_events").fetchone()[0]
    items = demo_reader.execute("select count(*) from service_items").fetchone()[0]
    counts = demo_reader.execute("select (select count(*) from service_consultations)"
                                 " + (select count(*) from service_catalogue)"
                                 " + (select count(*) from assessment_entries)").fetchone()[0]
    assert imports == (cases + surveys + events + items + counts, 0) and events == 12_500
    assert demo_reader.execute("select count(*) from townships").fetchone()[0] == 16
    assert demo_reader.execute("select count(*) from departments").fetchone()[0] == 30


def test_service_items_are_the_documents_figures(demo_reader):
    """受理群众咨询2518人次，办理各类服务事项8356件，按时办结率和群众评议满意率均达99%以上 (2012年1-9月), 审批事项
    由289项精简到147项; the lagging townships' centres are the last two by 按时办结率."""
    from minyi import service_metrics, service_totals

    policy = service_metrics.ServicePolicy()
    county = service_metrics.rates_by(demo_reader, dt.date(2012, 1, 1), dt.date(2012, 9, 30), policy=policy).iloc[0]
    assert county["items"] == 8356
    assert county["on_time_rate"] > 0.99 and county["satisfaction_rate"] > 0.99
    centres = service_metrics.rates_by(demo_reader, dt.date(2012, 1, 1), dt.date(2012, 9, 30), "centre", policy=policy,
                                       level="乡镇级")
    assert len(centres) == 16
    assert set(centres.sort_values("on_time_rate")["unit"].head(2)) == {f"{name}便民服务中心" for name in LAGGING_TOWNSHIPS}
    assert service_totals.consultation_total(demo_reader, dt.date(2012, 1, 1), dt.date(2012, 9, 30)) == 2518
    change = service_totals.catalogue_change(demo_reader, 2012, "县级")
    assert (change.previous_matters, change.matters, f"{change.change:.1%}") == (289, 147, "-49.1%")


def test_grid_events_cover_every_township_with_two_laggards(demo_reader):
    from minyi import grid_metrics

    table = grid_metrics.rates_by(demo_reader, dt.date(2012, 1, 1), dt.date(2012, 9, 30), "township",
                                  policy=grid_metrics.GridPolicy())
    assert len(table) == 16
    lowest = set(table.sort_values("closed_on_time_rate")["unit"].head(2))
    assert lowest == set(LAGGING_TOWNSHIPS)
    county = grid_metrics.rates_by(demo_reader, dt.date(2012, 1, 1), dt.date(2012, 9, 30),
                                   policy=grid_metrics.GridPolicy()).iloc[0]
    assert 0.9 < county["closed_on_time_rate"] < 0.99 and county["closure_rate"] > 0.99


def test_petitions_fall_29_5_percent_with_rates_above_99(demo_reader):
    county = metrics.headline(demo_reader, Scope(JAN_SEP, source="petition"), policy=metrics.Policy()).iloc[0]
    assert county["received_yoy"] == pytest.approx(-0.295)
    for source in ("petition", "complaint"):
        row = metrics.headline(demo_reader, Scope(JAN_SEP, source=source), policy=metrics.Policy()).iloc[0]
        assert row["on_time_rate"] > 0.99 and row["satisfaction_rate"] > 0.99


def test_a_few_townships_lag(demo_reader):
    by_township = metrics.headline(demo_reader, Scope(JAN_SEP), by="township", policy=metrics.Policy()).set_index("unit")
    lagging = by_township[by_township["on_time_rate"] < 0.97].index
    assert set(lagging) == set(LAGGING_TOWNSHIPS)


def test_same_seed_gives_the_same_county(tmp_path):
    fingerprints = []
    for name in ("a", "b"):
        path = tmp_path / name / "minyi.duckdb"
        build_demo(path, rows=3_000, seed=7)
        reader = db.open_reader(path)
        fingerprints.append(reader.execute(
            "select count(*), sum(hash(case_id, received_at, township, closed_at, satisfaction)) from cases"
        ).fetchone())
        reader.close()
    assert fingerprints[0] == fingerprints[1]


def test_a_demo_of_an_older_generator_is_built_anew_on_start(tmp_path, monkeypatch):
    """A demo made before grid events has none for the 网格 page: the dashboard rebuilds it (a
    county's own data is never touched, test_import_*)."""
    from tests.dashboard_runs import open_dashboard

    path = tmp_path / "minyi.duckdb"
    build_demo(path, rows=3_000)
    with snapshot_files.publishing(path) as con:  # as the generator of version 1 left it
        con.execute("delete from meta where key = 'demo_version'")
        con.execute("delete from grid_events")
    assert dataset.outdated_demo(snapshot_files.current_snapshot(path))
    app = open_dashboard(path, monkeypatch, "pages/grid.py")
    assert not dataset.outdated_demo(snapshot_files.current_snapshot(path))
    titles = [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")]
    assert "<b>各乡镇（街道）按期结案率</b>" in titles


def test_a_demo_larger_than_a_part_is_generated_and_imported_months_at_a_time(tmp_path, monkeypatch):
    """A province-sized demo is built a few months at a time (memory of one part, not of all): every
    case arrives once, with its own id, and the derived tables count them as a rebuild would."""
    from minyi import demo
    from minyi.ingest import derived

    monkeypatch.setattr(demo, "PART_ROWS", 2_500)
    imported = []
    import_files = demo.import_files
    monkeypatch.setattr(demo, "import_files", lambda con, files, **kw: imported.append(kw.get("kind")) or
                        import_files(con, files, **kw))
    path = tmp_path / "minyi.duckdb"
    build_demo(path, rows=12_000)
    assert imported.count("cases") >= 5  # petitions in one part or more, complaints in several
    con = db.connect(snapshot_files.current_snapshot(path))
    try:
        assert con.execute("select count(*), count(distinct (source, case_id)) from cases").fetchone() == (12_000, 12_000)
        assert con.execute("select sum(rows_rejected) from imports").fetchone()[0] == 0

        def rows():  # by column name: a rebuilt table may order its columns otherwise
            return {table: con.execute(f"select {', '.join(sorted(columns))} from {table} order by all").fetchall()
                    for table, columns in ((t, [d[0] for d in con.execute(f"select * from {t} limit 0").description])
                                           for t in derived.DERIVED_CASE_TABLES)}

        before = rows()
        derived.refresh_case_facts(con)
        assert before == rows()
    finally:
        con.close()
    assert demo._parts({(2012, 1): 3, (2012, 2): 2, (2012, 3): 4, (2012, 4): 1}, 5) == [
        {(2012, 1): 3, (2012, 2): 2}, {(2012, 3): 4, (2012, 4): 1}]
    assert demo._parts({(2012, 1): 9, (2012, 2): 2}, 5) == [{(2012, 1): 9}, {(2012, 2): 2}]
