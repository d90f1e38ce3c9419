"""Re-imports and overlapping exports: counts reconcile, nothing doubles, closures never go backwards."""

from __future__ import annotations

import datetime as dt

from minyi.__main__ import main
from minyi.ingest.summary import report_text
from tests.export_files import cases_by_id, import_into, query, write_csv, write_xlsx

HEADER = ["工单编号", "受理时间", "所属乡镇", "诉求内容", "办结时间", "回访结果"]
# The export of 10 March: three complaints, none closed yet.
MARCH_10 = [
    ["G1", "2024-03-01 09:00", "新棉镇", "路灯不亮", None, None],
    ["G2", "2024-03-04 10:00", "城关镇", "噪音扰民", None, None],
    ["G3", "2024-03-08 15:00", "城关镇", "占道经营", None, None],
]
# The export of 20 March: the same three, G1 and G2 now closed and called back, plus a new G4.
MARCH_20 = [
    ["G1", "2024-03-01 09:00", "新棉镇", "路灯不亮", "2024-03-06 17:00", "满意"],
    ["G2", "2024-03-04 10:00", "城关镇", "噪音扰民", "2024-03-12 09:30", "不满意"],
    ["G3", "2024-03-08 15:00", "城关镇", "占道经营", None, None],
    ["G4", "2024-03-18 08:00", "新棉镇", "井盖缺失", None, None],
]


def counts(item):
    return item.rows_read, item.rows_new, item.rows_updated, item.rows_unchanged, item.rows_rejected


def test_same_file_twice_adds_nothing(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单0310.csv", HEADER, MARCH_10)
    first = import_into(db_path, [export])
    second = import_into(db_path, [export])
    assert counts(first.files[0]) == (3, 3, 0, 0, 0)
    assert counts(second.files[0]) == (3, 0, 0, 3, 0)
    assert query(db_path, "select count(*), count(distinct case_id) from cases") == [(3, 3)]
    assert query(db_path, "select import_id from cases order by case_id") == [(1,), (1,), (1,)]


def test_later_export_updates_and_older_export_does_not_undo_closure(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    older = write_csv(tmp_path / "工单0310.csv", HEADER, MARCH_10)
    newer = write_csv(tmp_path / "工单0320.csv", HEADER, MARCH_20)
    import_into(db_path, [older])

    update = import_into(db_path, [newer])
    assert counts(update.files[0]) == (4, 1, 2, 1, 0)
    closed = {k: (v["closed_at"], v["satisfaction"]) for k, v in cases_by_id(db_path).items()}
    assert closed == {
        "G1": (dt.datetime(2024, 3, 6, 17, 0), "满意"),
        "G2": (dt.datetime(2024, 3, 12, 9, 30), "不满意"),
        "G3": (None, "未回访"),
        "G4": (None, "未回访"),
    }

    replay = import_into(db_path, [older])
    assert counts(replay.files[0]) == (3, 0, 0, 3, 0)
    assert {k: (v["closed_at"], v["satisfaction"]) for k, v in cases_by_id(db_path).items()} == closed
    assert query(db_path, "select count(*) from cases") == [(4,)]


def test_counts_reconcile_per_file_in_total_and_in_imports_table(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    import_into(db_path, [write_csv(tmp_path / "工单0310.csv", HEADER, MARCH_10)])
    complaints = write_csv(tmp_path / "工单0320.csv", HEADER, MARCH_20 + [
        ["G5", "2024-03-19", "城关镇", "乱倒垃圾", None, "很好"],  # rejected: unknown 回访结果
        [None, None, None, None, None, None],                     # blank: neither read nor rejected
    ])
    petitions = write_xlsx(tmp_path / "信访0320.xlsx", ["信访件编号", "登记日期", "所属乡镇"], [
        ["X1", dt.datetime(2024, 3, 2), "新棉镇"],
        ["X2", dt.datetime(2024, 3, 5), "城关镇"],
        ["X2", dt.datetime(2024, 3, 5), "城关镇"],  # rejected: duplicate id in the file
    ])
    report = import_into(db_path, [complaints, petitions])

    assert [(f.file, f.source) for f in report.files] == [("工单0320.csv", "complaint"), ("信访0320.xlsx", "petition")]
    assert counts(report.files[0]) == (5, 1, 2, 1, 1)
    assert report.files[0].blank_rows == 1
    assert counts(report.files[1]) == (3, 2, 0, 0, 1)
    assert report.reconciles()
    for item in report.files:
        assert item.rows_read == item.rows_new + item.rows_updated + item.rows_unchanged + item.rows_rejected
    totals = tuple(report.total(name) for name in
                   ("rows_read", "rows_new", "rows_updated", "rows_unchanged", "rows_rejected"))
    assert totals == (8, 3, 2, 1, 2)
    assert query(db_path, "select count(*) from cases") == [(3 + 1 + 2,)]

    recorded = query(db_path, """
        select import_id, kind, files, rows_read, rows_new, rows_updated, rows_unchanged, rows_rejected,
            quarantine_file, finished_at >= started_at
        from imports order by import_id""")
    assert recorded[1] == (2, "auto", ["工单0320.csv", "信访0320.xlsx"], *totals, str(report.quarantine_dir), True)
    assert recorded[0][3:8] == (3, 3, 0, 0, 0) and recorded[0][8] is None

    text = report_text(report)
    assert "工单0320.csv（投诉）：读取 5 行 = 新增 1 + 更新 2 + 未变 1 + 拒收 1" in text
    assert "信访0320.xlsx（信访）：读取 3 行 = 新增 2 + 更新 0 + 未变 0 + 拒收 1" in text
    assert "合计：读取 8 行，导入 6 行（新增 3、更新 2、未变 1），拒收 2 行。" in text
    assert "行数不平衡" not in text


def test_same_id_in_petitions_and_complaints_are_two_cases(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    complaint = write_csv(tmp_path / "工单.csv", ["工单编号", "受理时间"], [["2024001", "2024-03-01"]])
    petition = write_csv(tmp_path / "信访.csv", ["信访件编号", "登记日期"], [["2024001", "2024-03-01"]])
    report = import_into(db_path, [complaint, petition])
    assert report.total("rows_new") == 2
    assert query(db_path, "select source from cases order by source") == [("complaint",), ("petition",)]


def test_cli_import_prints_the_reconciled_summary(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MINYI_HOLIDAYS", str(tmp_path / "no-holidays.toml"))
    db_path = tmp_path / "db" / "m.duckdb"
    export = write_csv(tmp_path / "工单0320.csv", HEADER, MARCH_20)
    assert main(["import", str(export), "--db", str(db_path)]) == 0
    assert main(["import", str(export), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "工单0320.csv（投诉）：读取 4 行 = 新增 4 + 更新 0 + 未变 0 + 拒收 0" in out
    assert "工单0320.csv（投诉）：读取 4 行 = 新增 0 + 更新 0 + 未变 4 + 拒收 0" in out
    assert query(db_path, "select count(*) from cases") == [(4,)]
