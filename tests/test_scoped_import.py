"""An analyst whose account is limited to one township (or department) imports that unit's rows
only: rows of another unit, and rows that would change another unit's stored case, are rejected
with a reason and kept, as any rejected row is; county analysts import everything."""

from __future__ import annotations

import pytest

from minyi.ingest.upload import Upload, run_upload
from tests.export_files import COMPLAINT_HEADER, cases_by_id, imported_database, query, write_csv

STORED = [
    ["G1", "2024-03-01 09:00", "回隆乡", "县住建局", "噪声", "施工噪声", None, None, None, None, None, "否"],
    ["G2", "2024-03-02 09:00", "新棉镇", "县信访局", "噪声", "广场舞", None, None, None, None, None, "否"],
    ["G5", "2024-03-03 09:00", "新棉镇", "县信访局", "噪声", "犬吠", None, None, None, None, None, "否"],
]
UPLOADED = [
    ["G3", "2024-03-05 09:00", "回隆乡", "县住建局", "噪声", "夜间施工", None, None, None, None, None, "否"],  # own: new
    ["G4", "2024-03-05 10:00", "新棉镇", "县住建局", "噪声", "另一乡镇的事", None, None, None, None, None, "否"],
    ["G2", "2024-03-02 09:00", None, "县信访局", "噪声", "广场舞", None, None, None, "2024-03-06 10:00", None, "否"],
    ["G5", "2024-03-03 09:00", "回隆乡", "县信访局", "噪声", "改成本乡镇的", None, None, None, None, None, "否"],
    ["G1", "2024-03-01 09:00", None, "县住建局", "噪声", "施工噪声", None, None, None, "2024-03-04 16:00", None, "否"],
]


def _upload(tmp_path, limited_to):
    path = imported_database(tmp_path, "存量.csv", COMPLAINT_HEADER, STORED)
    data = write_csv(tmp_path / "上传.csv", COMPLAINT_HEADER, UPLOADED).read_bytes()
    return path, run_upload(path, [Upload("回隆乡工单.csv", data)], actor="乡镇分析员", limited_to=limited_to)


def test_a_township_analyst_imports_its_own_rows_only(tmp_path):
    path, verdict = _upload(tmp_path, ("township", "回隆乡"))
    cases = cases_by_id(path)
    assert set(cases) == {"G1", "G2", "G3", "G5"}  # G4 is another township's
    assert cases["G1"]["closed_at"] is not None  # its own stored case may be closed by a row without township
    assert cases["G2"]["closed_at"] is None and cases["G2"]["township"] == "新棉镇"
    assert cases["G5"]["township"] == "新棉镇" and cases["G5"]["summary"] == "犬吠"
    assert "读取 5 行 = 新增 1 + 更新 1 + 未变 0 + 拒收 3" in verdict.text
    assert "拒收原因「不在账号范围内」：3 处" in verdict.text
    assert "第3行：「所属乡镇」“新棉镇”不属于本账号的范围" in verdict.text


def test_a_county_analyst_imports_every_township(tmp_path):
    path, verdict = _upload(tmp_path, None)
    assert cases_by_id(path)["G5"]["township"] == "回隆乡" and "新增 2 + 更新 3 + 未变 0 + 拒收 0" in verdict.text


def test_a_limited_analyst_may_not_rename_units_with_a_mapping_file(tmp_path):
    path = imported_database(tmp_path, "存量.csv", COMPLAINT_HEADER, STORED)
    mapping = Upload("映射.toml", "[townships]\n\"新棉镇\" = \"回隆乡\"\n".encode())
    verdict = run_upload(path, [Upload("x.csv", b"")], mapping, actor="乡镇分析员", limited_to=("township", "回隆乡"))
    assert verdict.level == "error" and "映射文件" in verdict.text and "县级分析员" in verdict.text
    assert set(cases_by_id(path)) == {"G1", "G2", "G5"}


@pytest.mark.parametrize("limited_to", [None, ("township", "回隆乡")])
def test_the_upload_message_names_the_quarantine_folder_not_the_server_path(tmp_path, limited_to):
    path, verdict = _upload(tmp_path, limited_to)
    assert str(tmp_path) not in verdict.text


def test_a_township_analyst_loads_its_own_survey_rows_only(tmp_path):
    path = imported_database(tmp_path, "存量.csv", COMPLAINT_HEADER, STORED)
    rows = [["2024年一季度测评", "2024-03-20", township, answer, votes]
            for township, answer, votes in (("回隆乡", "满意", 40), ("新棉镇", "满意", 35), (None, "不满意", 3))]
    data = write_csv(tmp_path / "测评.csv", ["测评名称", "测评日期", "乡镇", "评价", "票数"], rows).read_bytes()
    verdict = run_upload(path, [Upload("测评.csv", data)], kind="survey", actor="乡镇分析员",
                         limited_to=("township", "回隆乡"))
    assert "读取 3 行 = 新增 1 + 更新 0 + 未变 0 + 拒收 2" in verdict.text
    assert "拒收原因「不在账号范围内」：2 处" in verdict.text


def test_a_limited_upload_adds_no_unit_and_keeps_its_own_spellings(tmp_path):
    path = imported_database(tmp_path, "存量.csv", COMPLAINT_HEADER, STORED)
    rows = [["G6", "2024-03-07 09:00", "回隆", "县住建局", "噪声", "简称写法", None, None, None, None, None, "否"],
            ["G7", "2024-03-07 10:00", "新设镇", "县住建局", "噪声", "不存在的乡镇", None, None, None, None, None, "否"]]
    data = write_csv(tmp_path / "上传.csv", COMPLAINT_HEADER, rows).read_bytes()
    verdict = run_upload(path, [Upload("上传.csv", data)], actor="乡镇分析员", limited_to=("township", "回隆乡"))
    assert "新增 1 + 更新 0 + 未变 0 + 拒收 1" in verdict.text
    assert cases_by_id(path)["G6"]["township"] == "回隆乡"  # 回隆 is 回隆乡, as for any import
    assert ("新设镇",) not in query(path, "select name from dimension_members where dimension = 'township'")


def test_a_limited_analyst_cannot_take_over_another_townships_questionnaire(tmp_path):
    path = imported_database(tmp_path, "存量.csv", COMPLAINT_HEADER, STORED)
    header = ["测评名称", "测评日期", "乡镇", "问卷编号", "测评项目", "评价"]
    stored = write_csv(tmp_path / "测评.csv", header, [["测评", "2024-03-20", "新棉镇", "Q1", "服务态度", "满意"]])
    assert run_upload(path, [Upload("测评.csv", stored.read_bytes())], kind="survey").level == "success"
    taken = write_csv(tmp_path / "改.csv", header, [["测评", "2024-03-20", "回隆乡", "Q1", "服务态度", "不满意"]])
    verdict = run_upload(path, [Upload("改.csv", taken.read_bytes())], kind="survey", actor="乡镇分析员",
                         limited_to=("township", "回隆乡"))
    assert "拒收 1" in verdict.text
    assert query(path, "select township, answer from survey_responses") == [("新棉镇", "满意")]
