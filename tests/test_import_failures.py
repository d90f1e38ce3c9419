"""An import that rejects all, or too many, of a file's rows fails: exit code 3 for the nightly job,
an error on the 数据 page; the rows that could be imported are in and the quarantine is written."""

from __future__ import annotations

from minyi.__main__ import main
from minyi.ingest.summary import report_text
from minyi.ingest.upload import Upload, run_upload
from tests.export_files import cases_by_id, import_into, read_quarantine, write_csv

HEADER = ["工单编号", "受理时间", "回访结果"]


def _rows(good: int, bad: int) -> list[list[str]]:
    return ([[f"G{i}", "2024-03-01", "满意"] for i in range(good)]
            + [[f"B{i}", "2024-02-30 12:05", "满意"] for i in range(bad)])  # 30 February: no date


def test_all_rows_rejected_exits_3_with_a_chinese_reason(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MINYI_HOLIDAYS", str(tmp_path / "no-holidays.toml"))
    export = write_csv(tmp_path / "工单.csv", HEADER, _rows(0, 3))
    db_path = tmp_path / "db" / "m.duckdb"
    assert main(["import", str(export), "--db", str(db_path), "--source", "complaint"]) == 3
    out, err = capsys.readouterr()
    assert err == "导入未通过（退出码 3）：工单.csv 的全部 3 行都被拒收。其余的行已导入，拒收的行见隔离文件夹。\n"
    assert "  ✗ 拒收过多：工单.csv 的全部 3 行都被拒收，请检查导出格式或映射文件" in out
    assert "读取 3 行 = 新增 0 + 更新 0 + 未变 0 + 拒收 3" in out
    assert out.rstrip().endswith("导入未通过：被拒收的行过多（能导入的行已导入）。")
    assert len(list((db_path.parent / "quarantine").glob("*/工单.rejected.csv"))) == 1


def test_more_than_the_allowed_share_fails_but_the_good_rows_go_in(tmp_path):
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [write_csv(tmp_path / "工单.csv", HEADER, _rows(7, 3))], max_rejected_share=0.2)
    assert report.rejection_failures() == [
        "工单.csv 有 3 / 10 行被拒收（30%），超过允许的 20%（MINYI_MAX_REJECTED_SHARE）"]
    assert report.reconciles() and report.files[0].rows_new == 7
    assert sorted(cases_by_id(db_path)) == [f"G{i}" for i in range(7)]
    assert len(read_quarantine(report)["工单.rejected.csv"]) == 3


def test_a_share_within_the_setting_passes(tmp_path, monkeypatch):
    monkeypatch.setenv("MINYI_MAX_REJECTED_SHARE", "0.3")
    report = import_into(tmp_path / "db" / "m.duckdb", [write_csv(tmp_path / "工单.csv", HEADER, _rows(7, 3))])
    assert report.rejection_failures() == []
    assert "拒收过多" not in report_text(report)


def test_the_default_share_is_one_in_five(tmp_path):
    report = import_into(tmp_path / "db" / "m.duckdb", [write_csv(tmp_path / "a.csv", HEADER, _rows(4, 1)),
                                                        write_csv(tmp_path / "b.csv", HEADER, _rows(3, 1))])
    assert report.rejection_failures() == [
        "b.csv 有 1 / 4 行被拒收（25%），超过允许的 20%（MINYI_MAX_REJECTED_SHARE）"]


def test_the_upload_shows_a_rejecting_import_as_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MINYI_HOLIDAYS", str(tmp_path / "no-holidays.toml"))
    export = write_csv(tmp_path / "工单.csv", HEADER, _rows(0, 2))
    verdict = run_upload(tmp_path / "db" / "m.duckdb", [Upload("工单.csv", export.read_bytes())], source="complaint")
    assert verdict.level == "error" and verdict.published
    assert "拒收过多：工单.csv 的全部 2 行都被拒收" in verdict.text


def test_the_upload_applies_an_uploaded_mapping_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MINYI_HOLIDAYS", str(tmp_path / "no-holidays.toml"))
    export = write_csv(tmp_path / "导出.csv", ["单号", "日期"], [["A1", "2024-03-05"]])
    mapping = Upload("映射.toml", '[columns]\n"单号" = "case_id"\n"日期" = "received_at"\n'.encode())
    db_path = tmp_path / "db" / "m.duckdb"
    verdict = run_upload(db_path, [Upload("导出.csv", export.read_bytes())], mapping, source="complaint")
    assert verdict.level == "success", verdict.text
    assert cases_by_id(db_path)["A1"]["received_at"].date().isoformat() == "2024-03-05"


def test_the_upload_refuses_a_broken_mapping_file_in_chinese(tmp_path):
    export = write_csv(tmp_path / "导出.csv", ["单号", "日期"], [["A1", "2024-03-05"]])
    broken = Upload("映射.toml", '[columns]\n"单号" = "case_number"\n'.encode())
    verdict = run_upload(tmp_path / "db" / "m.duckdb", [Upload("导出.csv", export.read_bytes())], broken)
    assert verdict.level == "error" and not verdict.published
    assert verdict.text.startswith("映射文件有误，未导入：映射文件 映射.toml：[columns] 中的字段名不存在：单号 = case_number")
    assert not (tmp_path / "db").exists()
    unreadable = run_upload(tmp_path / "db" / "m.duckdb", [], Upload("映射.toml", b"[columns\n"))
    assert unreadable.text.startswith("映射文件有误，未导入：映射文件 映射.toml 无法读取：")
