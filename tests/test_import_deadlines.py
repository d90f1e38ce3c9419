"""Deadlines set on import: working days across holidays, petition days and extensions, export deadlines,
and unknown years (weekend-only fallback, then the holidays file)."""

from __future__ import annotations

import datetime as dt

from minyi import db, snapshot_files
from minyi.ingest.pipeline import import_files
from minyi.ingest.summary import report_text
from tests.export_files import cases_by_id, import_into, query, write_csv

D = dt.date
AFTER_2027 = dt.datetime(2027, 12, 31)


def deadlines(db_path):
    return {k: (v["deadline"], v["deadline_basis"]) for k, v in cases_by_id(db_path).items()}


def test_complaint_deadline_crosses_the_2026_spring_festival(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间", "办理时限"], [
        ["G1", "2026-02-12 09:00", None],       # Fri 13, Sat 14 (调休上班), Tue 24, Wed 25, Thu 26
        ["G2", "2026-02-13 17:30", None],       # Sat 14, Tue 24 .. Fri 27
        ["G3", "2026-02-13 17:30", "3个工作日"],  # the export's own working-day count, same calendar
    ])
    report = import_into(db_path, [export])
    assert report.warnings == []
    assert deadlines(db_path) == {
        "G1": (D(2026, 2, 26), "rule"),
        "G2": (D(2026, 2, 27), "rule"),
        "G3": (D(2026, 2, 25), "export"),
    }


def test_petition_deadline_days_extension_and_export_values(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "信访件.csv", ["信访件编号", "登记日期", "是否延期", "办理期限"], [
        ["X1", "2024-03-01", None, None],             # +60 days
        ["X2", "2024-03-01", "是", None],              # +60 +30
        ["X3", "2024-03-01", "否", None],
        ["X4", "2024-03-01", None, "2024-03-20"],     # a date in the export
        ["X5", "2024-03-01", None, "3个工作日"],         # Mon 4, Tue 5, Wed 6
        ["X6", "2024-03-01", None, "15天"],
        ["X7", "2024-03-01", "是", "2024年3月25日"],   # an export date wins over the extension rule
    ])
    import_into(db_path, [export])
    assert deadlines(db_path) == {
        "X1": (D(2024, 4, 30), "rule"),
        "X2": (D(2024, 5, 30), "rule"),
        "X3": (D(2024, 4, 30), "rule"),
        "X4": (D(2024, 3, 20), "export"),
        "X5": (D(2024, 3, 6), "export"),
        "X6": (D(2024, 3, 18), "export"),  # 15 days end on Saturday 16 March: moved to Monday
        "X7": (D(2024, 3, 25), "export"),
    }
    assert query(db_path, "select case_id from cases where extended order by 1") == [("X2",), ("X7",)]


def test_deadline_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MINYI_HOLIDAYS", str(tmp_path / "no-holidays.toml"))
    monkeypatch.setenv("MINYI_COMPLAINT_WORKING_DAYS", "3")
    monkeypatch.setenv("MINYI_PETITION_DAYS", "30")
    monkeypatch.setenv("MINYI_PETITION_EXTENSION_DAYS", "15")
    complaints = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], [["G1", "2026-02-13"]])
    petitions = write_csv(tmp_path / "信访件.csv", ["信访件编号", "登记日期", "是否延期"], [["X1", "2024-03-01", "是"]])
    con = db.connect(":memory:")
    import_files(con, [complaints, petitions], now=dt.datetime(2026, 6, 30))
    assert con.execute("select case_id, deadline from cases order by 1").fetchall() == [
        ("G1", D(2026, 2, 25)), ("X1", D(2024, 4, 15)),
    ]


FALLBACK_ROWS = [
    ["G1", "2027-02-04 10:00"],  # weekends only: Fri 5, Mon 8 .. Thu 11; with the holidays file: Fri 5, Mon 15 .. Thu 18
    ["G2", "2027-03-01 10:00"],  # Mon 8 March either way
]


def test_unknown_year_uses_weekends_only_and_warns(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], FALLBACK_ROWS)
    report = import_into(db_path, [export], now=AFTER_2027)
    assert deadlines(db_path) == {
        "G1": (D(2027, 2, 11), "rule_weekend_fallback"),
        "G2": (D(2027, 3, 8), "rule_weekend_fallback"),
    }
    assert len(report.warnings) == 1 and "2027年的法定节假日安排未知，2 件的办理时限" in report.warnings[0]
    assert f"⚠ {report.warnings[0]}" in report_text(report)
    assert query(db_path, "select distinct basis from calendar_days where year(day) = 2027") == [("weekend_fallback",)]


def test_holidays_file_then_fixes_the_fallback_on_reimport(tmp_path, monkeypatch):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], FALLBACK_ROWS)
    import_into(db_path, [export], now=AFTER_2027)

    holidays = tmp_path / "holidays.toml"
    holidays.write_text('[2027]\nholidays = ["2027-02-06..2027-02-14"]\nworkdays = ["2027-02-20"]\n', encoding="utf-8")
    monkeypatch.setenv("MINYI_HOLIDAYS", str(holidays))
    with snapshot_files.publishing(db_path) as con:  # as the CLI does: rules from the settings
        report = import_files(con, [export], now=AFTER_2027)

    assert report.warnings == []
    assert deadlines(db_path) == {"G1": (D(2027, 2, 18), "rule"), "G2": (D(2027, 3, 8), "rule")}
    # Both rows changed: G1's deadline moved, G2's deadline stayed but is no longer a guess.
    assert (report.files[0].rows_updated, report.files[0].rows_unchanged) == (2, 0)
    assert query(db_path, "select distinct basis from calendar_days where year(day) = 2027") == [("holidays_file",)]
    assert query(db_path, "select is_workday from calendar_days where day = '2027-02-20'") == [(True,)]


def test_petitions_in_an_unknown_year_are_flagged_for_the_holiday_roll(tmp_path):
    """60 days end on Friday 30 April 2027, which may turn out to be a 劳动节 holiday: the roll to
    the next workday was decided on weekends only, so the case is flagged for a later re-import."""
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "信访件.csv", ["信访件编号", "登记日期"], [["X1", "2027-03-01"]])
    import_into(db_path, [export], now=AFTER_2027)
    assert deadlines(db_path) == {"X1": (D(2027, 4, 30), "rule_weekend_fallback")}


def test_no_warning_when_no_deadline_reaches_the_unknown_year(tmp_path):
    """Late-year imports only warn for cases whose deadline actually falls in the unknown year."""
    export = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], [
        ["G1", "2026-11-20 10:00"],  # due 27 November 2026: known calendar
        ["G2", "2026-12-29 10:00"],  # due early January 2027: weekends only
    ])
    report = import_into(tmp_path / "db" / "m.duckdb", [export], now=AFTER_2027)
    assert len(report.warnings) == 1 and "1 件的办理时限" in report.warnings[0]
    petitions = write_csv(tmp_path / "信访件.csv", ["信访件编号", "登记日期"], [
        ["X1", "2026-10-01"],  # due 30 November 2026: known calendar
        ["X2", "2026-12-20"],  # due 18 February 2027, perhaps inside the Spring Festival holiday
    ])
    petition_report = import_into(tmp_path / "db2" / "m.duckdb", [petitions], now=AFTER_2027)
    assert len(petition_report.warnings) == 1 and "1 件的办理时限" in petition_report.warnings[0]
