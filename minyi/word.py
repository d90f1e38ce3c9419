"""The briefing as a Word document (.docx), laid out as county offices lay out a 简报.

The layout follows the 党政机关公文格式 (GB/T 9704): A4, 版心 156 mm × 225 mm, an optional red 版头,
the title in 方正小标宋简体 二号, 一、 headings in 黑体 三号, （一） headings in 楷体_GB2312 三号, body in
仿宋_GB2312 三号 at a fixed 28-point line, page numbers as "— 1 —" at the foot. The fonts are named as
公文 names them, for the East Asian text of every run (w:eastAsia), and the document's font table
gives each its usual substitute (方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体), so a PC
without the 方正 and GB2312 fonts still shows the right family.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.shared import RGBColor as WordColor

from minyi import documents, images
from minyi.documents import Drawn
from minyi.pack import Briefing, numeral

TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
# Where a 公文 font is missing, Word takes the font table's altName and WPS its own mapping.
FALLBACKS = {TITLE_FONT: "宋体", SUBHEADING_FONT: "楷体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}


def _font(run, name: str, size: float, bold: bool = False, color: str | None = None) -> None:
    """Name the font for Latin and East Asian text alike (Word otherwise keeps its own for 汉字)."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = WordColor.from_string(color)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, font: str, size: float, bold: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
               indent: bool = False, line: float = 28, keep_with_next: bool = False, color: str | None = None):
    paragraph = document.add_paragraph()
    _format(paragraph, align, line, keep_with_next)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold, color)
    return paragraph


def _format(paragraph, align, line: float, keep_with_next: bool = False) -> None:
    paragraph.alignment = align
    paragraph.paragraph_format.keep_with_next = keep_with_next
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(line)
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)


def _page_number_footer(section) -> None:
    """"— 1 —" centred at the foot: the PAGE field between two dashes, in 宋体 四号."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), PAGE_NUMBER_FONT, 14)
    run = paragraph.add_run()
    _font(run, PAGE_NUMBER_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == "PAGE" else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} " if text == "PAGE" else text
        run._element.append(element)
    _font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, 14)


def _declare_fallbacks(document) -> None:
    """Each 公文 font in the font table with its usual substitute (w:altName) and the GB2312
    character set, which Word reads when the font itself is not installed."""
    table = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    entries = "".join(f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/><w:charset w:val="86"/>'
                      f'<w:family w:val="{"roman" if name != HEADING_FONT else "modern"}"/><w:pitch w:val="variable"/>'
                      f"</w:font>" for name, alternative in FALLBACKS.items())
    table._blob = table.blob.replace(b"</w:fonts>", entries.encode() + b"</w:fonts>")


def _masthead(document, briefing: Briefing) -> None:
    """版头: the issuing unit in red 小标宋, then the 期号 (centred) and the date (right) on one
    line, over a red rule."""
    head = briefing.masthead
    _paragraph(document, head.issuer, TITLE_FONT, 30, align=WD_ALIGN_PARAGRAPH.CENTER, line=48, color=documents.RED)
    line = document.add_paragraph()
    _format(line, WD_ALIGN_PARAGRAPH.LEFT, 28)
    stops = line.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(images.PRINT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Mm(images.PRINT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _font(line.add_run(f"\t{head.issue}\t{head.date_label()}"), BODY_FONT, 16)
    line.paragraph_format.space_after = Pt(6)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "18"), ("space", "4"), ("color", documents.RED)):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    line._p.get_or_add_pPr().append(borders)
    _paragraph(document, "", BODY_FONT, 16, line=20)


def to_docx(drawn: Drawn) -> bytes:
    briefing = drawn.briefing
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number_footer(section)
    _declare_fallbacks(document)
    document.core_properties.title = briefing.title
    document.core_properties.subject = briefing.scope_label

    center = WD_ALIGN_PARAGRAPH.CENTER
    if briefing.masthead:
        _masthead(document, briefing)
    _paragraph(document, briefing.title, TITLE_FONT, 22, align=center, line=36)
    subtitle = _paragraph(document, f"（{briefing.scope_label}）", SUBHEADING_FONT, 16, align=center)
    subtitle.paragraph_format.space_after = Pt(14)
    pictures = dict(zip(map(id, documents.print_exhibits(briefing)), drawn.print))
    figures = 0
    features = briefing.section("主要特点")
    for part in briefing.sections:
        _paragraph(document, part.heading, HEADING_FONT, 16, indent=True, keep_with_next=True)
        for number, (text, exhibit) in enumerate(part.items(), start=1):
            png = pictures.get(id(exhibit)) if exhibit is not None else None
            if png:
                figures += 1
                text = f"{text.removesuffix('。')}（见图{figures}）。"
            if part is features:  # （一）… in 楷体
                _paragraph(document, f"（{numeral(number)}）{text}", SUBHEADING_FONT, 16, indent=True)
            else:
                _paragraph(document, text, BODY_FONT, 16, indent=True)
            if png:  # not kept with the text before it: a chart that does not fit starts the next page
                picture = document.add_paragraph()
                _format(picture, center, 0, keep_with_next=True)
                picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                picture.paragraph_format.space_before = Pt(3)
                picture.add_run().add_picture(io.BytesIO(png), width=Mm(images.PRINT_WIDTH_MM))
                _paragraph(document, f"图{figures}　{exhibit.spec.title}", HEADING_FONT, 12, align=center, line=20)
    if briefing.appendix:
        _appendix(document, briefing.appendix)
    notes = [f"数据来源：{briefing.source}；生成日期：{briefing.made_on:%Y年%m月%d日}。", f"比较期间：{briefing.comparison}。",
             *(f"统计口径：{text}" for text in briefing.caliber)]
    _paragraph(document, "附：数据来源与统计口径", HEADING_FONT, NOTE_PT, line=NOTE_LINE, keep_with_next=True)
    for text in notes:
        _paragraph(document, text, BODY_FONT, NOTE_PT, indent=True, line=NOTE_LINE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


TABLE_PT, TABLE_LINE = 10.5, 12  # 五号
NOTE_PT, NOTE_LINE = 9, 13  # 小五: the 口径 notes are the small print
APPENDIX_WIDTHS_MM = (12, 27, 16, 19, 19, 23, 19, 19)  # 154 mm, within the 156 mm 版心


def _appendix(document, appendix) -> None:
    """附表 as one block: its title kept with the table, the header row repeated on a new page,
    no row split, and every row kept with the next, so a table that fits a page is never split."""
    title = _paragraph(document, appendix.title, HEADING_FONT, 14, align=WD_ALIGN_PARAGRAPH.CENTER, line=24,
                       keep_with_next=True)
    title.paragraph_format.space_before = Pt(6)
    table = document.add_table(rows=1 + len(appendix.rows), cols=len(appendix.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, APPENDIX_WIDTHS_MM):
        column.width = Mm(width)
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))
        values = appendix.header if index == 0 else appendix.rows[index - 1]
        last = index == len(appendix.rows)
        for column, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = Mm(APPENDIX_WIDTHS_MM[column])
            paragraph = cell.paragraphs[0]
            _format(paragraph, WD_ALIGN_PARAGRAPH.CENTER, TABLE_LINE, keep_with_next=not last)
            _font(paragraph.add_run(value), HEADING_FONT if index == 0 else BODY_FONT, TABLE_PT)
