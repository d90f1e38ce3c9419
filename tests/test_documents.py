"""The briefing pack as files: PNGs with real Chinese glyphs at print resolution, Word and
PowerPoint read back, the ZIP, the command line, the xlsx export, and a clear error without Chromium."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from PIL import Image
from pptx import Presentation

from minyi import charts, db, documents, exhibits, filters, images, metrics, pack, rankings, slides, spreadsheet, word
from minyi.__main__ import main
from minyi.periods import Period

A4_HALF_WIDTH_INCHES = 105 / 25.4
EAST_ASIAN = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"


@pytest.fixture(scope="module")
def drawn(hand_db):
    con = db.open_reader(hand_db)
    view = filters.view_of(filters.read_choices(con), Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)))
    briefing = pack.build(con, view, {"county": "手算县"}, metrics.Policy(), rankings.RankingRule.from_config())
    con.close()
    yield documents.draw(briefing)
    images.stop()


def _title_only(title: str) -> go.Figure:
    spec = charts.ChartSpec(title, "2012年1-9月 · 信访 · 全县", "手算县信访系统导出")
    return charts.ranked_bars(pd.DataFrame({"label": ["甲"], "value": [1]}), spec)


def _ink(png: bytes, box: tuple[int, int, int, int]) -> np.ndarray:
    """Dark pixels (True) of one region of an image."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("L").crop(box)) < 128


def test_chinese_titles_are_drawn_as_distinct_glyphs_at_print_resolution():
    first, second = images.to_png(_title_only("信访件月度走势")), images.to_png(_title_only("群众满意率排名"))
    picture = Image.open(io.BytesIO(first))
    width, _ = picture.size
    assert width / A4_HALF_WIDTH_INCHES >= 300 and picture.info["dpi"][0] >= 300
    title_band = (0, 0, width // 2, int(110 * images.SCALE))  # the title sits in the top 110 CSS pixels
    ink_first, ink_second = _ink(first, title_band), _ink(second, title_band)
    assert 0.005 < ink_first.mean() < 0.3, "the title band holds drawn strokes, not nothing or a solid block"
    # Missing-font boxes (tofu) look alike whatever the characters; real glyphs do not.
    assert (ink_first != ink_second).mean() > 0.01


def _east_asian(run) -> str | None:
    return run._element.rPr.rFonts.get(EAST_ASIAN)


def test_word_document_is_a_huibao_in_the_gongwen_fonts(drawn):
    document = Document(io.BytesIO(word.to_docx(drawn)))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "手算县信访和投诉情况简报"  # no 版头 without MINYI_BRIEFING_ISSUER
    assert [text for text in texts if text[1:2] == "、"] == ["一、基本情况", "二、主要特点", "三、存在问题", "四、下步工作建议"]
    assert drawn.briefing.headline.removesuffix("。") + "（见图1）。" in texts
    assert "（二）乡镇（街道）中，综合得分最高的是新棉镇（97.0分），最低的是回隆乡（13.2分）（见图2）。" in texts
    assert "建议对回隆乡、县住建局等排名靠后的单位约谈提醒、限期整改。" in texts
    assert [text for text in texts if text.startswith("图")] == [
        f"图{number}　{exhibit.spec.title}" for number, exhibit in enumerate(drawn.briefing.exhibits, start=1)]
    assert len(document.inline_shapes) == len(drawn.briefing.exhibits) == 5  # no category column: no category chart
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm + section.right_margin.mm) == 54  # 156 mm of text width
    assert "PAGE" in section.footer.paragraphs[0]._element.xml
    # fonts as 公文 names them, set for East Asian text on every run, at 三号 (16 pt) for the text
    fonts = {p.text: (_east_asian(p.runs[0]), p.runs[0].font.size.pt) for p in document.paragraphs if p.text}
    assert fonts["手算县信访和投诉情况简报"] == ("方正小标宋简体", 22)
    assert fonts["一、基本情况"] == ("黑体", 16)
    assert fonts[drawn.briefing.headline.removesuffix("。") + "（见图1）。"] == ("仿宋_GB2312", 16)
    assert fonts["（一）从月度走势看，3月受理最多（120件）。"] == ("楷体_GB2312", 16)
    assert fonts["图1　信访和投诉受理量月度走势（与上年对比）"] == ("黑体", 12)
    runs = [run for p in document.paragraphs for run in p.runs] + [
        run for table in document.tables for cell in table._cells for p in cell.paragraphs for run in p.runs]
    assert all(_east_asian(run) == run.font.name for run in runs if run.text.strip())
    font_table = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE).blob.decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in font_table
    for shape, png in zip(document.inline_shapes, drawn.print):
        assert abs(shape.width.mm - images.PRINT_WIDTH_MM) < 0.5
        assert Image.open(io.BytesIO(png)).size[0] / (shape.width.inches) >= 300  # dpi as printed


def test_word_appendix_table_moves_whole_and_repeats_its_header(drawn):
    document = Document(io.BytesIO(word.to_docx(drawn)))
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells] == list(drawn.briefing.appendix.header)
    assert [cell.text for cell in table.rows[2].cells][:3] == ["2", "回隆乡", "21"]
    rows = [row._tr for row in table.rows]
    assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    kept = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in table.rows]
    assert kept == [True, True, False]  # every row kept with the next: a table that fits a page is not split
    title = next(p for p in document.paragraphs if p.text.startswith("附表"))
    assert title.paragraph_format.keep_with_next


def test_chart_text_prints_at_9_points_on_paper_and_18_on_a_slide(drawn):
    """The charts are laid out for their printed width: the smallest font (CSS px) × printed
    width ÷ layout width, in points, is at least 9 on the A4 text width and 18 across a slide;
    and a chart's own title is gone (the caption or slide title names it)."""
    for exhibit in documents.print_exhibits(drawn.briefing):
        figure, width = documents.print_figure(exhibit.figure)
        points = documents.smallest_font_px(figure) * images.PRINT_WIDTH_MM / width * documents.PT_PER_MM
        assert points >= 9 and not figure.layout.title.text
    for exhibit in drawn.briefing.exhibits:
        figure, width = documents.slide_figure(exhibit)
        points = documents.smallest_font_px(figure) * documents.SLIDE_PICTURE_MM[0] / width * documents.PT_PER_MM
        assert points >= 18 and not figure.layout.title.text
    # a chart whose notes are drawn at 11 px is laid out narrower than one whose smallest text is 13 px
    note = go.Figure(layout=dict(template=charts.TEMPLATE, annotations=[dict(text="n=3", font=dict(size=11))]))
    assert documents.layout_width(note, images.PRINT_WIDTH_MM, 9) == 540
    # the template's smallest text (12 px legend) would allow 589 px: the screen layout's 560 px is kept
    assert documents.layout_width(go.Figure(layout=dict(template=charts.TEMPLATE)), images.PRINT_WIDTH_MM, 9) == 560
    assert images.LAYOUT_WIDTH_PX == 560


def test_masthead_in_red_over_a_red_rule_when_set(hand_db, monkeypatch):
    monkeypatch.setenv("MINYI_BRIEFING_ISSUER", "手算县信访局")
    monkeypatch.setenv("MINYI_BRIEFING_ISSUE", "第3期")
    con = db.open_reader(hand_db)
    view = filters.view_of(filters.read_choices(con), Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)))
    briefing = pack.build(con, view, {"county": "手算县"}, metrics.Policy(), rankings.RankingRule.from_config(),
                          made_on=dt.date(2012, 10, 8))
    con.close()
    document = Document(io.BytesIO(word.to_docx(documents.Drawn(briefing))))
    issuer, line, *_ = document.paragraphs
    assert issuer.text == "手算县信访局" and str(issuer.runs[0].font.color.rgb) == documents.RED
    assert _east_asian(issuer.runs[0]) == "方正小标宋简体"
    assert line.text == "\t第3期\t2012年10月8日"
    rule = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == documents.RED and rule.get(qn("w:val")) == "single"
    assert document.paragraphs[2].text == "" and document.paragraphs[3].text == "手算县信访和投诉情况简报"
    deck = Presentation(io.BytesIO(slides.to_pptx(documents.Drawn(briefing))))
    cover = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    assert cover[:2] == ["手算县信访局", "第3期　2012年10月8日"]


def _runs(deck):
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    yield from paragraph.runs


def test_powerpoint_has_a_kpi_slide_text_of_18_points_and_one_chart_per_slide(drawn):
    deck = Presentation(io.BytesIO(slides.to_pptx(drawn)))
    pages = list(deck.slides)
    assert min(run.font.size.pt for run in _runs(deck) if run.text.strip()) >= 18
    texts = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in pages]
    kpi = texts[1]
    assert kpi[0] == "主要指标" and kpi[1:4] == ["信访受理", "141件", "同比\n↓29.5%"]
    assert kpi[4:7] == ["办结率", "92.2%", "同比\n↓7.8个百分点"]
    colours = {run.text: str(run.font.color.rgb) for run in _runs(Presentation(io.BytesIO(slides.to_pptx(drawn))))}
    assert colours["↓29.5%"] == slides.GOOD and colours["↓7.8个百分点"] == slides.BAD  # fewer petitions: good
    titles = [slide_texts[0] for slide_texts in texts]
    assert titles[2] == "基本情况" and texts[2][1] == drawn.briefing.headline
    charted = [(slide, slide_texts) for slide, slide_texts in zip(pages, texts)
               if any(shape.shape_type == 13 for shape in slide.shapes)]  # MSO_SHAPE_TYPE.PICTURE
    assert [slide_texts[:2] for _, slide_texts in charted] == [
        [exhibit.spec.title, exhibit.takeaway] for exhibit in drawn.briefing.exhibits]
    for slide, _ in charted:
        (picture,) = [shape for shape in slide.shapes if shape.shape_type == 13]
        assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
        assert picture.width >= 0.85 * deck.slide_width or picture.top + picture.height >= 0.95 * deck.slide_height
    for slide in pages:  # titles on one line: no number broken over two
        title = next(shape for shape in slide.shapes if shape.has_text_frame)
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        assert slides.text_width_pt(title.text_frame.text, size) <= slides.TEXT_WIDTH.pt
    last = titles.index("数据来源与统计口径")
    assert titles[last - 2:last] == ["存在问题", "下步工作建议"]
    assert set(titles[last + 1:]) <= {"数据来源与统计口径（续）"}
    # a chart's 口径 is not drawn on its slide (at 18 pt it would crowd the bars out) but stated at the end
    notes = "\n".join(text for slide_texts in texts[last:] for text in slide_texts)
    assert all(f"{exhibit.spec.title}：{documents.slide_caliber(exhibit)}" in notes for exhibit in drawn.briefing.exhibits)


def test_kpi_change_arrows_read_good_news_in_green():
    assert slides.kpi_change("-29.5%", rise_is_good=False) == ("同比\n↓29.5%", slides.GOOD)
    assert slides.kpi_change("+18.2%", rise_is_good=False) == ("同比\n↑18.2%", slides.BAD)
    assert slides.kpi_change("+0.3个百分点", rise_is_good=True) == ("同比\n↑0.3个百分点", slides.GOOD)
    assert slides.kpi_change("持平", rise_is_good=True) == ("同比\n持平", slides.NEUTRAL)
    assert slides.kpi_change(None, rise_is_good=True) == ("同比\n—", slides.NEUTRAL)


def test_zip_holds_the_numbered_pngs(drawn):
    archive = zipfile.ZipFile(io.BytesIO(documents.to_zip(drawn)))
    names = archive.namelist()
    assert names[0] == "01_信访和投诉受理量月度走势（与上年对比）_2012年1月1日-9月1日.png"
    assert len(names) == 5 and all(archive.read(name)[:8] == b"\x89PNG\r\n\x1a\n" for name in names)


def test_command_line_writes_the_chosen_format(hand_db, tmp_path, capsys):
    out = tmp_path / "简报.pptx"
    assert main(["briefing", "--from", "2012-01-01", "--to", "2012-09-30", "--township", "新棉镇",
                 "--out", str(out), "--db", str(hand_db)]) == 0
    assert "新棉镇共受理信访事项120件，同比下降40.0%" in capsys.readouterr().out
    assert len(Presentation(str(out)).slides) > 3
    assert main(["briefing", "--from", "2012-01-01", "--to", "2012-09-30", "--out", str(tmp_path / "x.pdf"),
                 "--db", str(hand_db)]) == 2
    assert ".docx、.pptx 或 .zip" in capsys.readouterr().err


def test_a_browser_that_does_not_run_is_reported_before_any_export(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", "/bin/false")
    assert "无法运行（退出码 1）" in images.problem()
    sleeper = tmp_path / "chromium"
    sleeper.write_text("#!/bin/sh\nsleep 30\n")
    sleeper.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(sleeper))
    monkeypatch.setattr(images, "VERSION_TIMEOUT_S", 0.5)
    assert "无法运行" in images.problem()


def test_a_stuck_render_switches_drawing_off_instead_of_blocking(monkeypatch):
    monkeypatch.setattr(images, "_broken", None)
    with pytest.raises(images.ChartExportError, match="没有完成"):
        images._within(0.2, lambda: time.sleep(5), "生成图表图片")
    assert "重启看板" in images.problem()
    with pytest.raises(images.ChartExportError, match="重启看板"):  # at once, not after another wait
        images.to_png(_title_only("不会再等待"))


def test_without_chromium_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(images.ChartExportError, match="apt-get install chromium fonts-noto-cjk"):
        images.browser_path()
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(images.ChartExportError, match="BROWSER_PATH"):
        images.browser_path()


def test_xlsx_export_neutralises_formulas_and_keeps_numbers():
    table = pd.DataFrame({"unit": ["=HYPERLINK(\"http://x\")", "+86 123", "-1+2", "@SUM(A1)", "\t=1", "河口镇"],
                          "received": [1, 2, 3, 4, 6, -5], "rate": [0.5, 0.992, None, 1.0, 0.3, 0.0]})
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.to_xlsx(
        table, {"unit": "单位", "received": "=受理", "rate": "按时办结率"}, percent=("rate",))))
    page = book.active
    assert [cell.value for cell in page[1]] == ["单位", "'=受理", "按时办结率"]
    units = [row[0].value for row in page.iter_rows(min_row=2)]
    assert units == ["'=HYPERLINK(\"http://x\")", "'+86 123", "'-1+2", "'@SUM(A1)", "'\t=1", "河口镇"]
    assert all(row[0].data_type == "s" for row in page.iter_rows(min_row=2))
    assert [row[1].value for row in page.iter_rows(min_row=2)] == [1, 2, 3, 4, 6, -5]
    assert page["C3"].value == 0.992 and page["C3"].number_format == "0.0%" and page["C4"].value is None


def test_a_shortened_slide_list_states_its_own_omission_on_the_caliber_slide():
    """30 departments: the screen chart draws the first and last 10, the slide the first and last 4;
    the 口径 slide quotes the slide's, not the screen's."""
    bars = pd.DataFrame({"label": [f"县{index:02d}局" for index in range(30)],
                         "value": [99.0 - index * 0.5 for index in range(30)]})
    spec = charts.ChartSpec("各承办部门综合得分排名", "2012年1-9月", "手算县信访系统",
                            "；".join(("综合得分", charts.omission_note(30, "承办部门"))))
    slide = exhibits.slide_bars(bars, spec, "承办部门", value_format="points")
    exhibit = exhibits.Exhibit(spec, charts.ranked_bars(bars, spec, value_format="points"), "", slide)
    assert "前10位" in spec.caliber
    caliber = documents.slide_caliber(exhibit)
    assert caliber.startswith("综合得分；仅列前4位和后4位，其余22个承办部门从略") and "前10位" not in caliber
