"""Numbers the data cannot support: an export without closure, callback, repeat or township columns
reads 无数据 with the reason (never 0% or an overdue count), a source carrying a field only for part
of the view says what it covers, and every on-time rate says how many deadlines were stated by the
export and how many assumed by rule (with MINYI_ASSUMED_DEADLINES switching the assumed ones off)."""

from __future__ import annotations

import datetime as dt
import json
import re

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from minyi import coverage, dataset, db, filters, metrics, overview, pack, rankings, snapshot_files, timeliness, trends
from minyi.__main__ import main
from minyi.ingest.mapping import load_mapping
from minyi.ingest.publish import refresh_derived
from minyi.periods import Period
from minyi.scope import Scope
from tests.dashboard_runs import shown_cards
from tests.export_files import import_into, write_csv

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
Q1_2024 = Period(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
ZERO_RATE = re.compile(r"(?<![\d.])0\.0%")  # 0.0%, not the end of 20.0%

# A US-city 311 export: English headers, no closure, callback, repeat or township column.
SERVICE_MAPPING = """
kind = "cases"
source = "complaint"
ignore = ["Incident Address"]

[columns]
"Unique Key" = "case_id"
"Created Date" = "received_at"
"Agency" = "department"
"Complaint Type" = "category"
"""
SERVICE_HEADER = ["Unique Key", "Created Date", "Agency", "Complaint Type", "Status", "Incident Address"]


def _service_rows() -> list[list[str]]:
    """12 requests in January–March 2024 (the last on 31 March), 10 in January–March 2023."""
    rows = []
    for i, (agency, day) in enumerate([("DSNY", "2024-01-05")] * 6 + [("NYPD", "2024-02-10")] * 4
                                      + [("HPD", "2024-03-02"), ("HPD", "2024-03-31")]):
        rows.append([f"S24{i:03d}", f"{day} 09:30", agency, "Noise", "Closed" if i % 2 else "Open", f"{i} Main St"])
    rows += [[f"S23{i:03d}", "2023-02-01 10:00", "DSNY", "Noise", "Closed", f"{i} Elm St"] for i in range(10)]
    return rows


@pytest.fixture
def service_db(tmp_path):
    mapping_file = tmp_path / "311.toml"
    mapping_file.write_text(SERVICE_MAPPING, encoding="utf-8")
    export = write_csv(tmp_path / "311_requests.csv", SERVICE_HEADER, _service_rows())
    path = tmp_path / "db" / "minyi.duckdb"
    import_into(path, [export], mapping=load_mapping(mapping_file))
    return path


@pytest.fixture
def mixed_db(service_db, tmp_path):
    """The 311 requests plus 5 petitions of February 2024 with every field: 4 closed, 1 open."""
    rows = [[f"XF24{i:03d}", "2024-02-01", "新棉镇", "县信访局", "2024-02-20" if i < 4 else "", "满意", "否"]
            for i in range(5)]
    export = write_csv(tmp_path / "信访件.csv", ["信访件编号", "信访时间", "所属乡镇", "承办单位", "办结时间", "回访结果",
                                                "是否重复件"], rows)
    import_into(service_db, [export], source="petition")
    return service_db


def _reader(path):
    snapshot = str(snapshot_files.current_snapshot(path))
    return db.SnapshotReader(db.cursor(db.connect(snapshot, read_only=True)), snapshot)


def _cards(con, scope, policy=metrics.Policy()):
    summary = overview.overview(con, scope, policy)
    return {card.label: (card.value, card.note) for card in summary.cards}, summary.paragraph


def test_an_export_without_closures_reads_no_data_with_the_reason(service_db):
    con = _reader(service_db)
    row = metrics.headline(con, Scope(Q1_2024), policy=metrics.Policy()).iloc[0]
    assert row["received"] == 12
    for number in ("completion_rate", "on_time_rate", "satisfaction_rate", "overdue_open", "repeat_cases"):
        assert row[number] is None, number
    cards, paragraph = _cards(con, Scope(Q1_2024))
    assert cards["办结率"] == ("无数据", "导出文件无办结时间列")
    assert cards["按时办结率"] == ("无数据", "导出文件无办结时间列")
    assert cards["超期未办结"] == ("无数据", "导出文件无办结时间列")
    assert cards["满意率"] == ("无数据", "导出文件无回访结果列")
    assert cards["重复件"] == ("无数据", "导出文件无重复件标记列")
    assert cards["投诉受理"][0] == "12件"
    assert paragraph.startswith("2024年1-3月，全县共受理投诉12件，同比上升20.0%")
    assert paragraph.endswith("办结件数、办结率、按时办结率、超期未办结无数据（导出文件无办结时间列）。满意率无数据（导出文件无回访结果列）。"
                              "重复件无数据（导出文件无重复件标记列）。")
    assert not ZERO_RATE.search(paragraph)
    for wrong in ("超期未办结12件", "无超期未办结件", "重复件0件", "办结0件"):
        assert wrong not in paragraph


def test_metrics_json_gives_null_and_the_reason(service_db, capsys):
    assert main(["metrics", "--from", "2024-01-01", "--to", "2024-03-31", "--format", "json",
                 "--db", str(service_db)]) == 0
    payload = json.loads(capsys.readouterr().out)
    row = payload["rows"][0]
    assert row["received"] == 12
    assert [row[n] for n in ("completion_rate", "on_time_rate", "overdue_open", "repeat_cases")] == [None] * 4
    assert payload["unsupported"] == {"closed": "导出文件无办结时间列", "completion_rate": "导出文件无办结时间列", "on_time_rate": "导出文件无办结时间列",
                                      "overdue_open": "导出文件无办结时间列", "satisfaction_rate": "导出文件无回访结果列",
                                      "repeat_cases": "导出文件无重复件标记列"}
    assert main(["metrics", "--from", "2024-01-01", "--to", "2024-03-31", "--by", "township",
                 "--db", str(service_db)]) == 0
    table = capsys.readouterr().out
    assert "按乡镇（街道）分：无数据，导出文件无乡镇（街道）列" in table
    assert "办结率：无数据，导出文件无办结时间列" in table and not ZERO_RATE.search(table)
    assert "（未填写）" not in table  # no township column: no breakdown, not one blank unit with every case


def test_briefing_leaves_out_what_the_export_cannot_support(service_db):
    con = _reader(service_db)
    view = filters.view_of(filters.read_choices(con), Q1_2024)
    briefing = pack.build(con, view, dataset.describe(con), metrics.Policy(),
                          rankings.RankingRule(rankings.RankingRule.from_config().weights, 1))
    text = "".join(p for section in briefing.sections for p in section.paragraphs)
    assert "乡镇（街道）：导出文件无乡镇（街道）列，不作排名。" in text
    assert "办结件数、办结率、按时办结率、超期未办结无数据（导出文件无办结时间列）。" in text
    titles = [exhibit.spec.title for exhibit in briefing.exhibits]
    assert "各乡镇（街道）综合得分排名" not in titles
    assert not [t for t in titles if "按时办结率" in t or "回访评价" in t]
    everything = text + "".join(exhibit.takeaway for exhibit in briefing.exhibits)
    assert "（未填写）" not in everything, everything
    assert not ZERO_RATE.search(everything)


def test_rankings_leave_missing_parts_out_instead_of_scoring_zero(service_db):
    con = _reader(service_db)
    rule = rankings.RankingRule({"on_time": 0.35, "completion": 0.25, "satisfaction": 0.30, "volume": 0.10}, 1)
    table = rankings.ranking(con, Scope(Q1_2024), "department", rule, metrics.Policy()).set_index("unit")
    for part in ("on_time_score", "completion_score", "satisfaction_score"):
        assert table[part].isna().all(), part
    # DSNY: 6 requests against 10 → 同比 -40% → volume part 70, the whole score
    assert table.at["DSNY", "score"] == pytest.approx(70.0)


def test_a_field_only_one_source_carries_covers_that_source_and_says_so(mixed_db):
    con = _reader(mixed_db)
    cards, paragraph = _cards(con, Scope(Q1_2024))
    assert cards["办结率"] == ("80.0%", "仅含信访（投诉导出文件无办结时间列）")  # 4 of the 5 petitions
    assert cards["满意率"][1] == "仅含信访（投诉导出文件无回访结果列）"
    assert "办结4件，办结率80.0%（仅含信访（投诉导出文件无办结时间列）），" in paragraph
    assert "无数据" not in paragraph
    # the complaints alone: 无数据 again
    cards, _ = _cards(con, Scope(Q1_2024, source="complaint"))
    assert cards["办结率"] == ("无数据", "导出文件无办结时间列")
    # the overdue list never lists the complaints that merely have no closure column
    cases, total = timeliness.overdue_cases(con, Scope(Q1_2024))
    assert total == 0


def test_a_breakdown_by_township_leaves_out_the_source_without_a_township_column(mixed_db):
    con = _reader(mixed_db)
    by_township = metrics.rates_by(con, Scope(Q1_2024), "township", metrics.Policy())
    assert "（未填写）" not in set(by_township["unit"])      # not every complaint as one blank unit
    assert by_township["received"].sum() == 5                # the five petitions, all with a township
    volumes = trends.volume_by(con, Scope(Q1_2024), "township")
    assert "（未填写）" not in set(volumes["unit"]) and volumes["received"].sum() == 5
    assert coverage.read(con).partial("township") == "仅含信访（投诉导出文件无乡镇（街道）列）"
    assert trends.volume_by(con, Scope(Q1_2024), "department")["received"].sum() == 17  # both carry departments


def test_a_database_from_before_source_fields_infers_them_from_the_data(mixed_db):
    with snapshot_files.publishing(mixed_db) as writer:
        writer.execute("drop table source_fields")
        writer.execute("alter table case_facts drop column deadline_stated")
    assert not dataset.derived_tables_current(snapshot_files.current_snapshot(mixed_db))
    refresh_derived(mixed_db)
    assert dataset.derived_tables_current(snapshot_files.current_snapshot(mixed_db))
    fields = coverage.read(_reader(mixed_db))
    assert fields.sources_with("closed_at") == ("petition",)
    assert fields.sources_with("department") == ("petition", "complaint")
    assert fields.missing("township", "complaint") and not fields.missing("township")


# Half the deadlines stated by the export, half assumed (5 working days), all received Monday 4 March 2024.
DEADLINE_HEADER = ["工单编号", "受理时间", "所属乡镇", "承办单位", "办理时限", "办结时间", "回访结果", "是否重复件"]
DEADLINE_ROWS = [
    ["A1", "2024-03-04", "甲镇", "县住建局", "2024-03-05", "2024-03-06", "满意", "否"],  # stated, late
    ["A2", "2024-03-04", "甲镇", "县住建局", "2024-03-05", "2024-03-06", "满意", "否"],  # stated, late
    ["A3", "2024-03-04", "甲镇", "县住建局", "2024-03-10", "2024-03-06", "满意", "否"],  # stated, on time
    ["A5", "2024-03-04", "甲镇", "县住建局", "2024-03-20", "2024-03-15", "满意", "否"],  # stated, on time
    ["A4", "2024-03-04", "甲镇", "县住建局", "2024-03-08", "", "", "否"],              # stated, open: overdue
    ["A6", "2024-03-31", "甲镇", "县住建局", "2024-04-10", "", "", "否"],              # stated, not yet due
    ["B1", "2024-03-04", "乙镇", "县住建局", "", "2024-03-07", "满意", "否"],          # rule (11 March), on time
    ["B2", "2024-03-04", "乙镇", "县住建局", "", "2024-03-07", "满意", "否"],
    ["B3", "2024-03-04", "乙镇", "县住建局", "", "2024-03-07", "满意", "否"],
    ["B4", "2024-03-04", "乙镇", "县住建局", "", "2024-03-20", "不满意", "否"],        # rule, late
    ["B5", "2024-03-04", "乙镇", "县住建局", "", "", "", "否"],                        # rule, open: overdue
]
MARCH = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))


@pytest.fixture
def deadline_db(tmp_path):
    export = write_csv(tmp_path / "工单.csv", DEADLINE_HEADER, DEADLINE_ROWS)
    path = tmp_path / "db" / "minyi.duckdb"
    import_into(path, [export], source="complaint")
    return path


def test_on_time_rate_counts_stated_and_assumed_deadlines(deadline_db):
    con = _reader(deadline_db)
    on, off = metrics.Policy(), metrics.Policy(assumed_deadlines=False)
    row = metrics.headline(con, Scope(MARCH), policy=on).iloc[0]
    # on time: A3 A5 B1 B2 B3 of 8 closed + A4 B5 open past the deadline
    assert (row["due"], row["on_time_rate"], row["overdue_open"]) == (10, pytest.approx(5 / 10), 2)
    assert (row["deadlines_stated"], row["deadlines_assumed"]) == (5, 5)
    row = metrics.headline(con, Scope(MARCH), policy=off).iloc[0]
    # only A1 A2 A3 A5 (closed) and A4 (open): on time A3 A5
    assert (row["due"], row["on_time_rate"], row["overdue_open"]) == (5, pytest.approx(2 / 5), 1)
    assert (row["deadlines_stated"], row["deadlines_assumed"]) == (5, 5)
    assert row["completion_rate"] == pytest.approx(8 / 11)  # closures do not depend on deadlines

    cards, paragraph = _cards(con, Scope(MARCH), on)
    assert cards["按时办结率"] == ("50.0%", "期限：导出载明5件，按规则推定5件")
    assert "按时办结率50.0%（办理期限由导出文件载明5件、按规则推定5件）" in paragraph
    cards, paragraph = _cards(con, Scope(MARCH), off)
    assert cards["按时办结率"] == ("40.0%", "仅计导出载明期限的5件（按规则推定5件未计入）")
    assert cards["超期未办结"] == ("1件", "仅计导出载明期限的案件")
    assert "按时办结率40.0%（仅计导出文件载明办理期限的5件，按规则推定期限的5件未计入）" in paragraph
    assert "仅计导出文件载明办理期限的案件" in off.describe("on_time_rate")
    assert "未载明的按期限规则推定" in on.describe()
    assert timeliness.overdue_cases(con, Scope(MARCH), off)[1] == 1
    assert timeliness.overdue_cases(con, Scope(MARCH), on)[1] == 2
    assert timeliness.late_closures(con, Scope(MARCH), off)[1] == 2  # A1 A2; B4 was late by rule only


def test_without_assumed_deadlines_a_view_with_none_stated_has_no_on_time_rate(deadline_db, monkeypatch, capsys):
    con = _reader(deadline_db)
    off = metrics.Policy(assumed_deadlines=False)
    cards, paragraph = _cards(con, Scope(MARCH, township="乙镇"), off)
    assert cards["按时办结率"] == ("无数据", "导出文件未载明办理期限，推定期限按口径不计入")
    assert cards["超期未办结"] == ("无数据", "导出文件未载明办理期限，推定期限按口径不计入")  # not 0件
    assert "按时办结率、超期未办结无数据（导出文件未载明办理期限，推定期限按口径不计入）。" in paragraph
    assert cards["办结率"][0] == "80.0%"  # B1–B4 of 5

    monkeypatch.setenv("MINYI_ASSUMED_DEADLINES", "0")
    assert main(["metrics", "--from", "2024-03-01", "--to", "2024-03-31", "--format", "json",
                 "--db", str(deadline_db)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["rows"][0]["on_time_rate"] == pytest.approx(0.4)
    assert (payload["rows"][0]["deadlines_stated"], payload["rows"][0]["deadlines_assumed"]) == (5, 5)
    assert "仅计导出文件载明办理期限的案件" in payload["policy"]
    assert main(["metrics", "--from", "2024-03-01", "--to", "2024-03-31", "--by", "township", "--format", "json",
                 "--db", str(deadline_db)]) == 0
    rows = {row["unit"]: row for row in json.loads(capsys.readouterr().out)["rows"]}
    assert (rows["乙镇"]["on_time_rate"], rows["乙镇"]["overdue_open"]) == (None, None)  # the same 无数据 as the cards


def test_an_old_snapshot_without_the_deadline_flag_is_refreshed(deadline_db):
    with snapshot_files.publishing(deadline_db) as writer:
        writer.execute("alter table late_cases drop column deadline_stated")
    assert not dataset.derived_tables_current(snapshot_files.current_snapshot(deadline_db))
    refresh_derived(deadline_db)
    assert dataset.derived_tables_current(snapshot_files.current_snapshot(deadline_db))
    row = metrics.headline(_reader(deadline_db), Scope(MARCH), policy=metrics.Policy(assumed_deadlines=False)).iloc[0]
    assert row["overdue_open"] == 1


@pytest.fixture
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("page", ["pages/data_status.py", "pages/overview.py", "pages/trends.py", "pages/timeliness.py", "pages/satisfaction.py",
                                  "pages/rankings.py", "pages/briefing.py"])
def test_pages_on_an_export_without_closures_say_why_instead_of_zero(service_db, monkeypatch, fresh_caches, page):
    monkeypatch.setenv("MINYI_DB", str(service_db))
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    shown = "\n".join([m.value for m in app.markdown] + [line for card in shown_cards(app).values() for line in card.lines]
                      + [c.value for c in app.caption] + [i.value for i in app.info])
    metrics_shown = {m.label: m.value for m in shown_cards(app).values()}
    expected = {
        "pages/data_status.py": ("投诉导出文件无办结时间、回访结果、重复件标记、乡镇（街道）、受理渠道列："
                                 "需要这些字段的指标显示为无数据。"),
        "pages/overview.py": "导出文件无办结时间列",
        "pages/trends.py": "各乡镇（街道）月度受理量：导出文件无乡镇（街道）列。",
        "pages/timeliness.py": "办理时效无数据：导出文件无办结时间列，无法判断办结和超期。",
        "pages/satisfaction.py": "回访满意度无数据：导出文件无回访结果列。",
        "pages/rankings.py": "无法排名：导出文件无乡镇（街道）列。",
        "pages/briefing.py": "办结件数、办结率、按时办结率、超期未办结无数据（导出文件无办结时间列）。",
    }[page]
    assert expected in shown
    if page == "pages/overview.py":
        assert metrics_shown["办结率"] == metrics_shown["超期未办结"] == metrics_shown["重复件"] == "无数据"
        assert "乡镇（街道）综合排名无数据：导出文件无乡镇（街道）列。" in shown
    if page == "pages/trends.py":  # no channel column: no chart of one （未填写） bar; categories are there
        assert "受理渠道分布：导出文件无受理渠道列。" in shown and "问题类别前10位：" not in shown
    assert not ZERO_RATE.search("\n".join([shown, *metrics_shown.values()]))
