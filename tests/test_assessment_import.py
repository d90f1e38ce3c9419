"""The 考核手工评分表: generated for a period, filled in, read back through the importer with a
reason for every row it refuses, and scored as by hand."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from minyi import db
from minyi.assessment import inputs, scoring, template
from minyi.demo import build_demo
from minyi.ingest.plans import guess_kind, is_assessment_sheet
from minyi.ingest.publish import import_and_publish
from minyi.periods import year
from tests.export_files import import_into, read_quarantine
from tests.test_assessment import (
    MANUAL,
    SEED_RULE,
    TEAMS,
    VOTES,
    seed_inputs,
    seed_rules,
)

PERIOD = year(2012)
FIRST_ROW = 4  # under the title, the note and the header


@pytest.fixture()
def rules_file(tmp_path):
    path = tmp_path / "assessment.toml"
    path.write_text(SEED_RULE, encoding="utf-8")
    return path


def filled_sheet(path, edits: dict[int, dict[int, object]] | None = None):
    """The seed rule's 2012 sheet with MANUAL and VOTES typed in, then `edits` (sheet row → column
    number → value) applied as a 考核办 clerk might get them wrong."""
    path.write_bytes(template.workbook(seed_rules(), PERIOD, TEAMS))
    book = load_workbook(path)
    sheet = book.active
    for row in sheet.iter_rows(min_row=FIRST_ROW):
        unit, item, level = row[2].value, row[4].value, row[5].value
        if level:
            row[8].value = VOTES[unit][("满意", "一般满意", "不满意").index(level)]
        else:
            row[7].value = MANUAL[unit][("宣传报道", "组织学习", "出勤到位").index(item)]
    for number, cells in (edits or {}).items():
        for column, value in cells.items():
            sheet.cell(row=number, column=column).value = value
    book.save(path)
    return path


def test_the_template_lists_every_unit_and_item_and_reads_as_a_scoring_sheet(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(template.workbook(seed_rules(), PERIOD, TEAMS))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "“坚持依靠群众、推进工作落实”长效机制工作考核　2012年　手工评分表"
    assert guess_kind([str(cell) for cell in rows[2]]) == "assessment" and is_assessment_sheet(path)
    data = rows[FIRST_ROW - 1:]
    assert len(data) == len(TEAMS) * (3 + 3)  # three hand-scored items and three vote levels each
    assert data[0] == (seed_rules().title, "2012年", "芦庄工作队", "县教体局", "宣传报道", None, 5, None, None)
    assert data[3][4:7] == ("群众评价满意程度", "满意", None)


def test_a_filled_sheet_imports_whole_and_scores_as_by_hand(tmp_path, rules_file):
    sheet = filled_sheet(tmp_path / "评分表.xlsx")
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [sheet], assessment_rules=rules_file)
    assert (report.total("rows_read"), report.total("rows_new"), report.total("rows_rejected")) == (36, 36, 0)
    con = db.open_reader(db_path)
    try:
        manual, votes = inputs.entries(con, seed_rules(), PERIOD)
    finally:
        con.close()
    by_hand = seed_inputs()
    read_back = scoring.Inputs(by_hand.rates, manual, votes, by_hand.rate_notes)
    totals = scoring.assess(seed_rules(), TEAMS, read_back).units.set_index("unit")["total"].to_dict()
    assert totals == scoring.assess(seed_rules(), TEAMS, by_hand).units.set_index("unit")["total"].to_dict()
    assert totals["芦庄工作队"] == 94.80

    again = import_into(db_path, [filled_sheet(tmp_path / "改.xlsx", {FIRST_ROW: {8: 4}})], assessment_rules=rules_file)
    assert (again.total("rows_updated"), again.total("rows_unchanged")) == (1, 35)


# (sheet row, column number, typed value, the reason's words)
MISTAKES = [
    (4, 8, 6, "第4行：「得分」6分（该项满分5分），超出该项目的分值范围"),
    (5, 8, -1, "第5行：「得分」-1分（该项满分5分），超出该项目的分值范围"),
    (6, 8, "优", "第6行：「得分」的值「优」不是数字"),
    (7, 9, 3.5, "第7行：「票数」的值「3.5」不是非负整数"),
    (8, 6, "较满意", "第8行：「测评档次」“较满意”不是该民意测评项目的档次"),
    (9, 8, 2, "第9行：「得分」填了「2」，但该项目是民意测评，只填票数"),
    (10, 3, "芦庄村工作组", "第10行：「被考核单位」“芦庄村工作组”不是考核细则中的受考核单位"),
    (11, 5, "廉洁自律", "第11行：「考核项目」“廉洁自律”不是考核细则中的手工评分或民意测评项目"),
    (12, 1, "另一个考核", "第12行：「考核名称」“另一个考核”与现行考核细则的名称不符"),
    (13, 2, "2012年3月", "第13行：「考核期间」“2012年3月”无法识别"),
    (14, 9, "1e10", "第14行：「票数」的值「1e10」不是非负整数"),
    (16, 8, None, "第16行：「得分」未填写，本行未导入"),
]


def test_every_wrong_row_is_refused_with_its_row_and_column(tmp_path, rules_file):
    sheet = filled_sheet(tmp_path / "评分表.xlsx", {row: {column: value} for row, column, value, _ in MISTAKES})
    report = import_into(tmp_path / "db" / "m.duckdb", [sheet], assessment_rules=rules_file)
    assert report.total("rows_read") == 36
    assert report.total("rows_rejected") == len(MISTAKES)
    assert report.total("rows_new") == 36 - len(MISTAKES)
    messages = [message for rows in report.rejected for message in rows.messages]
    for (_, _, _, words), message in zip(MISTAKES, messages):
        assert message.startswith(f"评分表.xlsx {words}"), message
    quarantined = read_quarantine(report)
    assert sum(len(rows) for rows in quarantined.values()) == len(MISTAKES)


def test_a_scoring_sheet_joins_the_demo_county_instead_of_replacing_it(tmp_path, rules_file):
    db_path = tmp_path / "demo" / "minyi.duckdb"
    build_demo(db_path, rows=4_000)
    published = import_and_publish(db_path, [filled_sheet(tmp_path / "评分表.xlsx")], assessment_rules=rules_file)
    assert not published.replaced_demo
    con = db.open_reader(db_path)
    try:
        assert con.execute("select count(*) from cases").fetchone()[0] == 4_000
        assert con.execute("select count(*) from assessment_entries where title = ?",
                           [seed_rules().title]).fetchone()[0] == 36
    finally:
        con.close()


def test_an_entry_given_twice_keeps_its_last_row(tmp_path, rules_file):
    sheet = filled_sheet(tmp_path / "评分表.xlsx")
    book = load_workbook(sheet)
    page = book.active
    copied = [cell.value for cell in page[FIRST_ROW]]
    copied[7] = 3  # 芦庄工作队's 宣传报道 again, corrected to 3
    page.append(copied)
    book.save(sheet)
    db_path = tmp_path / "db" / "m.duckdb"
    report = import_into(db_path, [sheet], assessment_rules=rules_file)
    messages = [message for rows in report.rejected for message in rows.messages]
    assert messages == ["评分表.xlsx 第4行：与第40行是同一单位的同一项目，以第40行为准"]
    con = db.open_reader(db_path)
    try:
        manual, _ = inputs.entries(con, seed_rules(), PERIOD)
    finally:
        con.close()
    assert manual.set_index(["unit", "item"]).at[("芦庄工作队", "宣传报道"), "points"] == 3
