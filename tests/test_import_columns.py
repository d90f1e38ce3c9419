"""One field, one column: a mapping may not feed a field from two columns, and wins over built-in names."""

from __future__ import annotations

import datetime as dt

import pytest

from minyi.ingest.mapping import ExportError, load_mapping
from tests.export_files import cases_by_id, import_into, write_csv


def _mapping(tmp_path, text):
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_mapping_with_two_headers_for_one_field_is_refused_naming_both(tmp_path):
    path = _mapping(tmp_path, '[columns]\n"受理日" = "received_at"\n"登记日" = "received_at"\n')
    with pytest.raises(ExportError) as error:
        load_mapping(path)
    assert "[columns] 把「受理日」和「登记日」两列都对应到字段 received_at（受理时间）" in str(error.value)


def test_two_columns_of_a_file_reaching_one_mapping_entry_are_refused_naming_both(tmp_path):
    """"Opened" and "OPENED " both match the mapping's "opened"."""
    mapping = load_mapping(_mapping(tmp_path, '[columns]\n"opened" = "received_at"\n'))
    export = write_csv(tmp_path / "x.csv", ["Case ID", "Opened", "OPENED "], [["C1", "2024-03-01", "2024-03-02"]])
    with pytest.raises(ExportError) as error:
        import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint", mapping=mapping)
    assert "映射文件使「Opened」和「OPENED」两列都对应到字段 received_at（受理时间）" in str(error.value)


def test_a_mapping_entry_wins_over_a_builtin_alias_which_becomes_unused_with_a_warning(tmp_path):
    mapping = load_mapping(_mapping(tmp_path, '[columns]\n"首次受理日" = "received_at"\n'))
    export = write_csv(tmp_path / "x.csv", ["工单编号", "受理时间", "首次受理日"], [["G1", "2024-03-05", "2024-03-01"]])
    report = import_into(tmp_path / "db" / "m.duckdb", [export], source="complaint", mapping=mapping)
    assert cases_by_id(tmp_path / "db" / "m.duckdb")["G1"]["received_at"] == dt.datetime(2024, 3, 1)
    assert report.files[0].unused_columns == ("受理时间",)
    assert "x.csv：列「受理时间」未使用：映射文件已指定「首次受理日」作为 received_at（受理时间）" in report.warnings


def test_a_column_both_personal_and_mapped_is_refused(tmp_path):
    path = _mapping(tmp_path, 'personal = ["留言人"]\n[columns]\n"留言人" = "summary"\n')
    with pytest.raises(ExportError, match="列「留言人」既在 personal 中又在 \\[columns\\] 中"):
        load_mapping(path)


def test_a_mapping_table_written_as_a_list_is_refused_in_chinese(tmp_path):
    with pytest.raises(ExportError, match="映射文件 .*m.toml：\\[formats\\] 应是一个表"):
        load_mapping(_mapping(tmp_path, 'formats = ["%m/%d/%Y"]\n'))
