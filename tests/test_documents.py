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
from PIL import Image
from pptx import Presentation

from minyi import charts, db, documents, filters, images, metrics, pack, rankings, spreadsheet
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


def test_word_document_reads_back_with_the_headline_and_every_chart(drawn):
    document = Document(io.BytesIO(documents.to_docx(drawn)))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "手算县信访和投诉情况简报"
    assert drawn.briefing.headline in texts
    assert "一、总体情况" in texts and "附：数据来源与统计口径" in texts
    assert len(document.inline_shapes) == len(drawn.briefing.exhibits) == 5  # no category column: no category chart
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm + section.right_margin.mm) == 54  # 156 mm of text width
    assert "PAGE" in section.footer.paragraphs[0]._element.xml
    body = next(p for p in document.paragraphs if p.text == drawn.briefing.headline)
    assert body.runs[0]._element.rPr.rFonts.get(EAST_ASIAN) == "仿宋"
    fonts = {p.text: p.runs[0]._element.rPr.rFonts.get(EAST_ASIAN) for p in document.paragraphs if p.text}
    assert fonts["手算县信访和投诉情况简报"] == "宋体" and fonts["一、总体情况"] == "黑体"
    for shape, png in zip(document.inline_shapes, drawn.pngs):
        assert shape.width.mm <= images.PRINT_WIDTH_MM + 0.5
        assert Image.open(io.BytesIO(png)).size[0] / (shape.width.inches) >= 300  # dpi as printed


def test_powerpoint_has_one_chart_per_slide_under_its_takeaway(drawn):
    deck = Presentation(io.BytesIO(documents.to_pptx(drawn)))
    slides = list(deck.slides)
    assert len(slides) == 3 + len(drawn.briefing.exhibits)
    all_text = "".join(shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame)
    assert drawn.briefing.headline in all_text
    for slide, exhibit in zip(slides[2:-1], drawn.briefing.exhibits):
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1
        assert exhibit.takeaway in [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert pictures[0].left >= 0 and pictures[0].left + pictures[0].width <= deck.slide_width


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
