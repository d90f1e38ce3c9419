"""Closure and repeat columns known per case: one source's exports may differ (a 2020 export without
办结时间 beside a 2024 one with it; a 311 export without closures beside a 12345 export with them,
both 投诉). The cases whose exports lacked the column are never counted open, overdue or not
repeated; the numbers cover the cases that carry it and say how many."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pandas as pd
import pytest
import streamlit as st

from minyi import (briefing_prompts, coverage, dataset, db, filters, metrics, overview, pack, rankings, snapshot_files,
                   timeliness)
from minyi.__main__ import main
from minyi.ingest.publish import refresh_derived
from minyi.periods import Period
from minyi.scope import Scope
from tests.dashboard_runs import open_dashboard, shown_cards
from tests.export_files import import_into, query, write_csv

H1_2024 = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
CLOSURE_NOTE = "仅含导出载明办结时间的90件，另60件的导出文件无办结时间列"
REPEAT_NOTE = "仅含导出载明重复件标记的90件，另60件的导出文件无重复件标记列"

# A UK council export: English headers, day-first dates, no closure and no repeat column.
COUNCIL_HEADER = ["Service Request ID", "Created Date", "Ward", "Department", "Category", "Incident Address"]


def _council_rows() -> list[list[str]]:
    """60 requests, 10 per month January–June 2024 (days 1–25), all to Parks Dept."""
    return [[f"UK{i}", f"{1 + 2 * (i % 10) + i // 10 % 5:02d}/{1 + i // 10:02d}/2024 09:15:00 AM", "North Side",
             "Parks Dept", "Noise", f"{i} HIGH ST"] for i in range(60)]


# A 12345 export with closures and repeat flags: 90 orders received 1 January – 30 March 2024.
HOTLINE_HEADER = ["工单编号", "受理时间", "办结时间", "所属街镇", "承办单位", "诉求类型", "回访结果", "是否重复件"]


def _hotline_rows() -> list[list[str]]:
    """Every 9th order (10) still open, the others closed two days later; every 10th (9) a repeat."""
    rows = []
    for i in range(90):
        received = dt.date(2024, 1, 1) + dt.timedelta(days=i)
        closed = "" if i % 9 == 0 else f"{received + dt.timedelta(days=2)} 10:00"
        rows.append([f"GD{i}", f"{received} 09:00", closed, "城关镇", "住建局", "噪声", "满意" if closed else "",
                     "是" if i % 10 == 0 else "否"])
    return rows


@pytest.fixture
def two_exports_db(tmp_path):
    """The council's requests, then the hotline's orders, both imported as 投诉 into one database."""
    path = tmp_path / "db" / "minyi.duckdb"
    council = write_csv(tmp_path / "council.csv", COUNCIL_HEADER, _council_rows())
    hotline = write_csv(tmp_path / "12345.csv", HOTLINE_HEADER, _hotline_rows())
    for export in (council, hotline):
        report = import_into(path, [export], source="complaint")
        assert report.total("rows_rejected") == 0 and report.total("rows_new") > 0
    return path


def _reader(path):
    snapshot = str(snapshot_files.current_snapshot(path))
    return db.SnapshotReader(db.cursor(db.connect(snapshot, read_only=True)), snapshot)


def _county(path, scope: Scope | None = None):
    return metrics.headline(_reader(path), scope or Scope(H1_2024), policy=metrics.Policy(), comparisons=()).iloc[0]


def _cards(path, scope: Scope | None = None):
    summary = overview.overview(_reader(path), scope or Scope(H1_2024), metrics.Policy())
    return {card.label: (card.value, card.note) for card in summary.cards}, summary.paragraph


def test_closure_and_repeat_numbers_cover_the_cases_whose_exports_carry_them(two_exports_db):
    row = _county(two_exports_db)
    assert row["received"] == 150
    assert (row["closure_received"], row["closed"], row["overdue_open"]) == (90, 80, 10)  # not 70 overdue
    assert row["completion_rate"] == pytest.approx(80 / 90)
    assert row["on_time_rate"] == pytest.approx(80 / 90)   # 80 closed on time, 10 open past the deadline
    assert (row["repeat_received"], row["repeat_cases"]) == (90, 9)

    cards, paragraph = _cards(two_exports_db)
    assert cards["办结率"] == ("88.9%", CLOSURE_NOTE)
    assert cards["超期未办结"] == ("10件", CLOSURE_NOTE)
    assert cards["重复件"] == ("9件", REPEAT_NOTE)
    assert cards["投诉受理"][0] == "150件"
    assert f"办结80件，办结率88.9%（{CLOSURE_NOTE}）" in paragraph
    assert f"重复件9件（{REPEAT_NOTE}），占受理量的10.0%" in paragraph  # 9 of 90, not of 150
    assert f"超期未办结10件（{CLOSURE_NOTE}）" in paragraph, paragraph

    cases, total = timeliness.overdue_cases(_reader(two_exports_db), Scope(H1_2024))
    assert total == 10
    assert not [case for case in cases["case_id"] if case.startswith("UK")]


def test_a_view_of_only_the_cases_without_closures_reads_no_data(two_exports_db):
    parks = Scope(H1_2024, department="Parks Dept")
    row = _county(two_exports_db, parks)
    assert row["received"] == 60
    assert [row[n] for n in ("closed", "completion_rate", "on_time_rate", "overdue_open", "repeat_cases")] == [None] * 5
    cards, paragraph = _cards(two_exports_db, parks)
    assert cards["办结率"] == ("无数据", "导出文件无办结时间列")
    assert cards["超期未办结"] == ("无数据", "导出文件无办结时间列")
    assert cards["重复件"] == ("无数据", "导出文件无重复件标记列")
    assert "办结件数、办结率、按时办结率、超期未办结无数据（导出文件无办结时间列）。" in paragraph
    assert timeliness.overdue_cases(_reader(two_exports_db), parks)[1] == 0


def test_metrics_command_says_what_the_closure_numbers_cover(two_exports_db, capsys):
    assert main(["metrics", "--from", "2024-01-01", "--to", "2024-06-30", "--format", "json",
                 "--db", str(two_exports_db)]) == 0
    payload = json.loads(capsys.readouterr().out)
    row = payload["rows"][0]
    assert (row["received"], row["closed"], row["overdue_open"], row["repeat_cases"]) == (150, 80, 10, 9)
    assert payload["unsupported"] == {}
    assert payload["partial"] == {"closed": CLOSURE_NOTE, "completion_rate": CLOSURE_NOTE, "on_time_rate": CLOSURE_NOTE,
                                  "overdue_open": CLOSURE_NOTE, "repeat_cases": REPEAT_NOTE}
    assert main(["metrics", "--from", "2024-01-01", "--to", "2024-06-30", "--db", str(two_exports_db)]) == 0
    assert f"办结率：{CLOSURE_NOTE}" in capsys.readouterr().out


def test_an_export_without_closures_imported_again_later_keeps_them_known(two_exports_db, tmp_path):
    # the first 20 hotline orders again, from an export without closure and repeat columns
    follow_up = write_csv(tmp_path / "12345-follow-up.csv", ["工单编号", "受理时间", "承办单位", "诉求类型"],
                          [[f"GD{i}", f"{dt.date(2024, 1, 1) + dt.timedelta(days=i)} 09:00", "住建局", "噪声"]
                           for i in range(20)])
    import_into(two_exports_db, [follow_up], source="complaint")
    # and the council's requests once more
    import_into(two_exports_db, [write_csv(tmp_path / "council.csv", COUNCIL_HEADER, _council_rows())],
                source="complaint")
    known = query(two_exports_db, "select closure_known, repeat_known, count(*), count(closed_at), count_if(is_repeat) "
                                  "from cases group by all order by all")
    assert known == [(False, False, 60, 0, 0), (True, True, 90, 80, 9)]
    row = _county(two_exports_db)
    assert (row["closed"], row["overdue_open"], row["repeat_cases"], row["repeat_received"]) == (80, 10, 9, 90)


def test_a_cases_table_from_before_the_known_flags_is_upgraded(two_exports_db, tmp_path):
    with snapshot_files.publishing(two_exports_db) as writer:
        writer.execute("alter table cases drop column closure_known")
        writer.execute("alter table cases drop column repeat_known")
        writer.execute("alter table case_facts drop column closure_known")
        writer.execute("alter table late_cases drop column closure_known")
    assert not dataset.derived_tables_current(snapshot_files.current_snapshot(two_exports_db))
    refresh_derived(two_exports_db)
    assert dataset.derived_tables_current(snapshot_files.current_snapshot(two_exports_db))
    # inferred per source: the complaints' exports carried closures and repeats (source_fields)
    assert query(two_exports_db, "select closure_known, repeat_known, count(*) from cases group by all") \
        == [(True, True, 150)]

    with snapshot_files.publishing(two_exports_db) as writer:  # older still: no source_fields either
        writer.execute("alter table cases drop column closure_known")
        writer.execute("alter table cases drop column repeat_known")
        writer.execute("drop table source_fields")
        writer.execute("update cases set is_repeat = false")
    # an import straight onto it (no refresh first) upgrades it too, inferring from the data:
    # closed complaints, but no repeat
    petitions = write_csv(tmp_path / "信访.csv", ["信访件编号", "信访时间", "办结时间", "是否重复件"],
                          [["XF1", "2024-02-01", "2024-02-10", "是"], ["XF2", "2024-02-01", "", "否"]])
    import_into(two_exports_db, [petitions], source="petition")
    assert query(two_exports_db, "select source, closure_known, repeat_known, count(*) from cases group by all "
                                 "order by all") == [("complaint", True, False, 150), ("petition", True, True, 2)]
    assert dataset.derived_tables_current(snapshot_files.current_snapshot(two_exports_db))
    row = _county(two_exports_db, Scope(H1_2024))
    assert (row["repeat_received"], row["repeat_cases"]) == (2, 1)


def test_the_demo_county_carries_closures_and_repeats_for_every_case(demo_reader):
    assert demo_reader.execute("select bool_and(closure_known), bool_and(repeat_known) from cases").fetchone() \
        == (True, True)
    assert demo_reader.execute("select count_if(not closure_known) from late_cases").fetchone() == (0,)


def test_the_data_page_says_how_many_cases_lack_the_columns(two_exports_db):
    fields = coverage.read(_reader(two_exports_db))
    assert fields.gaps() == ("投诉导出文件无受理渠道列：需要这些字段的指标显示为无数据。\n\n"  # neither export has one
                             "投诉有60件的导出文件无办结时间列：需要该字段的指标只计其余案件，并注明。\n\n"
                             "投诉有60件的导出文件无重复件标记列：需要该字段的指标只计其余案件，并注明。")
    loaded = db.run(_reader(two_exports_db), "loaded_cases").set_index("source")
    assert loaded.at["complaint", "open_cases"] == 10  # the hotline's open orders, not the council's 60 requests


def test_briefing_says_what_the_closure_numbers_cover(two_exports_db):
    con = _reader(two_exports_db)
    view = filters.view_of(filters.read_choices(con), H1_2024)
    briefing = pack.build(con, view, dataset.describe(con), metrics.Policy(),
                          rankings.RankingRule(rankings.RankingRule.from_config().weights, 1))
    text = "".join(p for section in briefing.sections for p in section.paragraphs)
    assert f"办结率88.9%（{CLOSURE_NOTE}）" in text
    assert f"超期未办结10件（{CLOSURE_NOTE}）" in text
    assert "无数据" not in text
    on_time = [exhibit.spec for exhibit in briefing.exhibits if exhibit.spec.title.endswith("按时办结率")]
    assert on_time and CLOSURE_NOTE in on_time[0].caliber


def test_timeliness_page_lists_only_cases_known_to_be_open(two_exports_db, monkeypatch):
    app = open_dashboard(two_exports_db, monkeypatch, "pages/timeliness.py", period="自定义",
                         **{"from": "2024-01-01", "to": "2024-06-19"})  # the council's last request
    assert f"本页数字{CLOSURE_NOTE}" in [caption.value for caption in app.caption]
    assert {m.label: m.value for m in shown_cards(app).values()}["超期未办结（期末）"] == "10件"
    st.cache_data.clear()
    st.cache_resource.clear()


def test_an_open_case_now_known_open_counts_unchanged_but_is_known(tmp_path):
    path = tmp_path / "db" / "minyi.duckdb"
    import_into(path, [write_csv(tmp_path / "a.csv", ["工单编号", "受理时间"], [["G1", "2024-03-01"]])])
    report = import_into(path, [write_csv(tmp_path / "b.csv", ["工单编号", "受理时间", "办结时间"],
                                          [["G1", "2024-03-01", None]])])
    assert (report.files[0].rows_updated, report.files[0].rows_unchanged) == (0, 1)
    assert query(path, "select closure_known, repeat_known from cases") == [(True, False)]
    row = metrics.headline(_reader(path), Scope(Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))),
                           policy=metrics.Policy(), comparisons=()).iloc[0]
    assert (row["closure_received"], row["overdue_open"]) == (1, 1)


def test_a_unit_with_cases_but_no_scored_part_is_not_said_to_have_too_few(two_exports_db):
    """Parks Dept received 30 requests in the first quarter, but its exports carried no closures and
    no callbacks: nothing of the composite can be scored. Its ranking row and its sentence say so,
    never 样本不足 or 受理少于10件."""
    rule, policy = rankings.RankingRule.from_config(), metrics.Policy()
    first_quarter = Scope(Period(dt.date(2024, 1, 1), dt.date(2024, 3, 31)))
    table = rankings.ranking(_reader(two_exports_db), first_quarter, "department", rule, policy).set_index("unit")
    assert table.loc["Parks Dept", "received"] == 30 and pd.isna(table.loc["Parks Dept", "rank"])
    assert table.loc["Parks Dept", "change"] == rankings.NOT_SCORED
    assert table.loc["住建局", "rank"] == 1
    said = rankings.standings(_reader(two_exports_db), replace(first_quarter, department="Parks Dept"), rule, policy)
    assert said == ["Parks Dept本期受理30件，但无可计分的指标（办结、回访等均无数据），未参与全县部门综合排名。"]


def test_a_chart_of_both_sources_cites_only_the_systems_the_database_holds(two_exports_db, demo_reader):
    """Only complaints imported: a chart of 信访和投诉 cites the complaint systems, not a 信访系统
    whose exports were never imported; the demo county holds both."""
    assert dataset.source_line(dataset.describe(_reader(two_exports_db))) == "本县12345热线等投诉系统导出"
    assert dataset.source_line(dataset.describe(_reader(two_exports_db)), "petition") == "本县信访系统导出"
    assert "信访系统、12345热线等投诉系统导出" in dataset.source_line(dataset.describe(demo_reader))


def test_a_briefing_whose_rates_are_all_unknown_does_not_call_the_period_steady(two_exports_db):
    """Parks Dept's exports carried no closures and no callbacks: its briefing of its one category
    cannot say 未见需专门督办的问题; it says why nothing could be judged and what to export."""
    con = _reader(two_exports_db)
    view = filters.view_of(filters.read_choices(con), H1_2024, department="Parks Dept", category="Noise")
    briefing = pack.build(con, view, dataset.describe(con), metrics.Policy(), rankings.RankingRule.from_config())
    advice = briefing.sections[-1].paragraphs
    assert advice == (briefing_prompts.ADVICE["unjudged_advice"],)
    everyone = pack.build(con, filters.view_of(filters.read_choices(con), H1_2024), dataset.describe(con),
                          metrics.Policy(), rankings.RankingRule.from_config())
    assert everyone.sections[-1].paragraphs != (briefing_prompts.ADVICE["unjudged_advice"],)
