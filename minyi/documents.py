"""A briefing pack as files a secretary hands on: Word (.docx), PowerPoint (.pptx), a ZIP of PNGs.

The Word layout follows the 党政机关公文格式 (GB/T 9704) as county offices use it for 简报:
A4, 版心 156 mm × 225 mm, title in 宋体 二号 bold, 一、 headings in 黑体 三号, body in 仿宋 三号 at a
fixed 28-point line, page numbers as "— 1 —" at the foot. Fonts are named for Chinese Windows
and WPS, where they are installed; Word substitutes its own elsewhere.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn as slide_qn
from pptx.util import Emu, Inches
from pptx.util import Pt as SlidePt

from minyi import formatting, images
from minyi.pack import Briefing

FORMATS = {"docx": "Word 文档", "pptx": "PowerPoint 演示文稿", "zip": "图表图片（ZIP）"}
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "zip": "application/zip",
}
TITLE_FONT, HEADING_FONT, BODY_FONT, CAPTION_FONT = "宋体", "黑体", "仿宋", "楷体"
SLIDE_FONT = "微软雅黑"


@dataclass(frozen=True)
class Drawn:
    """A briefing with its charts drawn as PNG, in the order of its exhibits."""

    briefing: Briefing
    pngs: tuple[bytes, ...]


def draw(briefing: Briefing) -> Drawn:
    """Draw every key chart once (the slow part), for any number of output formats."""
    return Drawn(briefing, tuple(images.to_png(exhibit.figure) for exhibit in briefing.exhibits))


def file_name(briefing: Briefing, extension: str) -> str:
    """青岚县信访和投诉情况简报_2012年1-9月_信访和投诉_全县.docx"""
    return f"{formatting.file_name(f'{briefing.title}_{briefing.scope_label}')}.{extension}"


def write(drawn: Drawn, extension: str) -> bytes:
    return {"docx": to_docx, "pptx": to_pptx, "zip": to_zip}[extension](drawn)


# --- Word -----------------------------------------------------------------------------------

def _font(run, name: str, size: float, bold: bool = False) -> None:
    """Name the font for Latin and East Asian text alike (Word otherwise keeps its own for 汉字)."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, font: str, size: float, bold: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
               indent: bool = False, line: float = 28, keep_with_next: bool = False):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.keep_with_next = keep_with_next
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(line)
    paragraph.paragraph_format.space_after = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _page_number_footer(section) -> None:
    """"— 1 —" centred at the foot: the PAGE field between two dashes, in 宋体 四号."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), TITLE_FONT, 14)
    run = paragraph.add_run()
    _font(run, TITLE_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == "PAGE" else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} " if text == "PAGE" else text
        run._element.append(element)
    _font(paragraph.add_run(" —"), TITLE_FONT, 14)


def to_docx(drawn: Drawn) -> bytes:
    briefing = drawn.briefing
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number_footer(section)
    document.core_properties.title = briefing.title
    document.core_properties.subject = briefing.scope_label

    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, briefing.title, TITLE_FONT, 22, bold=True, align=center, line=36)
    _paragraph(document, f"（{briefing.scope_label}）", CAPTION_FONT, 16, align=center)
    _paragraph(document, "", BODY_FONT, 16)
    for part in briefing.sections:
        _paragraph(document, part.heading, HEADING_FONT, 16, indent=True, keep_with_next=True)
        for text in part.paragraphs:
            _paragraph(document, text, BODY_FONT, 16, indent=True)
    if briefing.exhibits:
        _paragraph(document, f"{_next_heading(len(briefing.sections))}主要图表", HEADING_FONT, 16, indent=True,
                   keep_with_next=True)
    for number, (exhibit, png) in enumerate(zip(briefing.exhibits, drawn.pngs), start=1):
        _paragraph(document, f"（{_chinese_number(number)}）{exhibit.takeaway}", CAPTION_FONT, 16, indent=True,
                   keep_with_next=True)
        picture = document.add_paragraph()
        picture.alignment = center
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(png), **_picture_size(png))
        _paragraph(document, f"图{number}　{exhibit.spec.title}", HEADING_FONT, 12, align=center, line=22)
    _paragraph(document, "", BODY_FONT, 16)
    notes = [f"数据来源：{briefing.source}。", f"比较期间：{briefing.comparison}。",
             *(f"统计口径：{text}" for text in briefing.caliber), f"生成日期：{briefing.made_on:%Y年%m月%d日}。"]
    _paragraph(document, "附：数据来源与统计口径", HEADING_FONT, 14, line=24, keep_with_next=True)
    for text in notes:
        _paragraph(document, text, BODY_FONT, 14, indent=True, line=24)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PICTURE_MAX_HEIGHT_MM = 180  # 版心 225 mm less the takeaway above and the caption below


def _picture_size(png: bytes) -> dict:
    """Full text width, unless a tall chart (a long ranking) would then not fit on one page with
    its takeaway and caption: then the height that fits."""
    width_px, height_px = Image.open(io.BytesIO(png)).size
    if height_px / width_px * images.PRINT_WIDTH_MM <= PICTURE_MAX_HEIGHT_MM:
        return {"width": Mm(images.PRINT_WIDTH_MM)}
    return {"height": Mm(PICTURE_MAX_HEIGHT_MM)}


NUMERALS = "零一二三四五六七八九十"


def _chinese_number(number: int) -> str:
    """1–99 as 一 … 九十九 (headings and figure numbers)."""
    if number <= 10:
        return NUMERALS[number]
    tens, ones = divmod(number, 10)
    return f"{NUMERALS[tens] if tens > 1 else ''}十{NUMERALS[ones] if ones else ''}"


def _next_heading(sections: int) -> str:
    return f"{_chinese_number(sections + 1)}、"


# --- PowerPoint -----------------------------------------------------------------------------

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)


def _text_box(slide, text: str, top, height, size: float, bold: bool = False, color: str = "222222"):
    box = slide.shapes.add_textbox(MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # PowerPoint shrinks what still overflows
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = SlidePt(size)
        run.font.bold = bold
        run.font.name = SLIDE_FONT
        run.font.color.rgb = RGBColor.from_string(color)
        properties = run._r.get_or_add_rPr()  # the East Asian typeface, after latin as the schema orders it
        east_asian = properties.find(slide_qn("a:ea"))
        if east_asian is None:
            east_asian = properties.makeelement(slide_qn("a:ea"), {})
            properties.append(east_asian)
        east_asian.set("typeface", SLIDE_FONT)
    return box


def to_pptx(drawn: Drawn) -> bytes:
    briefing = drawn.briefing
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]

    cover = deck.slides.add_slide(blank)
    _text_box(cover, briefing.title, Inches(2.4), Inches(1.2), 36, bold=True, color="B22222")
    _text_box(cover, briefing.scope_label, Inches(3.7), Inches(0.6), 20)
    _text_box(cover, f"数据来源：{briefing.source}\n{briefing.made_on:%Y年%m月%d日}", Inches(5.6), Inches(1.0), 14,
              color="555555")

    summary = deck.slides.add_slide(blank)
    _text_box(summary, "总体情况", Inches(0.4), Inches(0.8), 28, bold=True)
    text = "\n".join(paragraph for part in briefing.sections for paragraph in part.paragraphs)
    _text_box(summary, text, Inches(1.3), Inches(5.8), 16 if len(text) <= 400 else 14 if len(text) <= 550 else 12)

    for exhibit, png in zip(briefing.exhibits, drawn.pngs):
        slide = deck.slides.add_slide(blank)
        _text_box(slide, exhibit.takeaway, Inches(0.3), Inches(0.9), 22 if len(exhibit.takeaway) <= 60 else 18,
                  bold=True)
        _add_fitted_picture(slide, png, top=Inches(1.3), max_height=SLIDE_HEIGHT - Inches(1.5))

    notes = deck.slides.add_slide(blank)
    _text_box(notes, "数据来源与统计口径", Inches(0.4), Inches(0.8), 28, bold=True)
    _text_box(notes, "\n".join([f"数据来源：{briefing.source}", f"比较期间：{briefing.comparison}",
                                *briefing.caliber]), Inches(1.3), Inches(5.8), 14)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _add_fitted_picture(slide, png: bytes, top, max_height) -> None:
    """The chart as large as fits below the takeaway, centred, keeping its proportions."""
    width_px, height_px = Image.open(io.BytesIO(png)).size
    max_width = SLIDE_WIDTH - 2 * MARGIN
    scale = min(max_width / width_px, max_height / height_px)
    width, height = Emu(int(width_px * scale)), Emu(int(height_px * scale))
    slide.shapes.add_picture(io.BytesIO(png), int((SLIDE_WIDTH - width) / 2), top, width, height)


# --- ZIP ------------------------------------------------------------------------------------

def to_zip(drawn: Drawn) -> bytes:
    """The charts as numbered PNGs named after their title and period."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # PNG is compressed already
        for number, (exhibit, png) in enumerate(zip(drawn.briefing.exhibits, drawn.pngs), start=1):
            archive.writestr(f"{number:02d}_{exhibit.spec.file_name()}.png", png)
    return out.getvalue()
