"""A briefing pack as files a secretary hands on: Word (.docx), PowerPoint (.pptx), a ZIP of PNGs.

The Word layout follows the 党政机关公文格式 (GB/T 9704) as county offices use it for 简报:
A4, 版心 156 mm × 225 mm, an optional red 版头, the title in 方正小标宋简体 二号, 一、 headings in
黑体 三号, （一） headings in 楷体_GB2312 三号, body in 仿宋_GB2312 三号 at a fixed 28-point line,
page numbers as "— 1 —" at the foot. The fonts are named as 公文 names them, for the East Asian
text of every run (w:eastAsia), and the document's font table gives each its usual substitute
(方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体), so a PC without the 方正 and
GB2312 fonts still shows the right family.

Charts are drawn again for paper and slides, not copied from the screen: without their own
title (the caption names the figure), at a layout width that keeps their smallest text at
9 pt on the A4 text width and 18 pt across a slide.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass

import plotly.graph_objects as go
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.shared import RGBColor as WordColor
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn as slide_qn
from pptx.util import Emu, Inches
from pptx.util import Pt as SlidePt

from minyi import charts, formatting, images
from minyi.pack import Briefing, Exhibit, numeral

FORMATS = {"docx": "Word 文档", "pptx": "PowerPoint 演示文稿", "zip": "图表图片（ZIP）"}
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "zip": "application/zip",
}
TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
# Where a 公文 font is missing, Word takes the font table's altName and WPS its own mapping.
FALLBACKS = {TITLE_FONT: "宋体", SUBHEADING_FONT: "楷体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}
SLIDE_FONT = "微软雅黑"
RED = "C00000"  # 版头 red as printed by county offices

PT_PER_MM = 72 / 25.4
PRINT_MIN_PT, SLIDE_MIN_PT = 9, 18  # the smallest chart text on paper and on a slide


@dataclass(frozen=True)
class Drawn:
    """A briefing with its charts drawn as PNG for each output: `print` (Word: untitled, A4 width),
    `slides` (PowerPoint: untitled, landscape) and `pngs` (the ZIP: the charts as on screen, each
    with its title); a format not asked for has none."""

    briefing: Briefing
    pngs: tuple[bytes, ...] = ()
    print: tuple[bytes, ...] = ()
    slides: tuple[bytes, ...] = ()


def draw(briefing: Briefing, formats: tuple[str, ...] = tuple(FORMATS)) -> Drawn:
    """Draw the charts the given formats need, once each (the slow part)."""
    exhibits = briefing.exhibits
    return Drawn(
        briefing,
        pngs=tuple(images.to_png(exhibit.figure) for exhibit in exhibits) if "zip" in formats else (),
        print=tuple(_to_png(*print_figure(exhibit.figure), images.PRINT_WIDTH_MM) for exhibit in print_exhibits(briefing))
        if "docx" in formats else (),
        slides=tuple(_to_png(*slide_figure(exhibit), SLIDE_PICTURE_MM[0]) for exhibit in exhibits)
        if "pptx" in formats else (),
    )


def _to_png(figure: go.Figure, width: int, printed_mm: float) -> bytes:
    """At least 300 dpi at `printed_mm` wide."""
    scale = max(images.SCALE, (math.ceil(300 * printed_mm / 25.4) + 1) / width)
    return images.to_png(figure, width=width, scale=scale, dpi=round(width * scale / (printed_mm / 25.4)))


def file_name(briefing: Briefing, extension: str) -> str:
    """青岚县信访和投诉情况简报_2012年1-9月_信访和投诉_全县.docx"""
    return f"{formatting.file_name(f'{briefing.title}_{briefing.scope_label}')}.{extension}"


def write(drawn: Drawn, extension: str) -> bytes:
    return {"docx": to_docx, "pptx": to_pptx, "zip": to_zip}[extension](drawn)


# --- Charts for paper and slides --------------------------------------------------------------

FONT_KEYS = ("font", "tickfont", "textfont", "insidetextfont", "outsidetextfont")


def smallest_font_px(figure: go.Figure) -> float:
    """The smallest font size (CSS px) of any text the figure draws, its template's defaults included."""
    sizes = []

    def walk(node, key=""):
        if isinstance(node, dict):
            if key == "title" and not node.get("text"):  # a title not drawn (the template's, an untitled chart's)
                return
            if key in FONT_KEYS and isinstance(node.get("size"), (int, float)):
                sizes.append(node["size"])
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value, key)

    walk(figure.to_plotly_json())
    return float(min(sizes, default=12))


def layout_width(figure: go.Figure, printed_mm: float, min_pt: float) -> int:
    """The layout width (CSS px) at which the figure's smallest text prints at `min_pt` or more
    when the image is `printed_mm` wide; never wider than the screen layout."""
    fitting = smallest_font_px(figure) * printed_mm * PT_PER_MM / min_pt
    return int(min(images.LAYOUT_WIDTH_PX, math.floor(fitting)))


CALIBER_PREFIX = "口径："


def _caliber_only(text: str) -> str:
    """Of a chart's scope / source / 口径 lines, the 口径 (with its wrapped lines) only."""
    lines = text.split("<br>")
    start = next((index for index, line in enumerate(lines) if line.startswith(CALIBER_PREFIX)), len(lines))
    return "<br>".join(lines[start:])


def untitled(figure: go.Figure, note_px: float = 12, caliber_only: bool = False) -> go.Figure:
    """The figure without its title, for a page or slide where the caption names it. Scope,
    source and 口径 stay: as a footnote under the chart, or where a builder still puts them in the
    subtitle, as grey lines above it; `caliber_only` keeps the 口径 alone (a slide, whose deck
    names the period and source on its cover and last slide)."""
    copy = go.Figure(figure)
    subtitle = copy.layout.title.subtitle.text if copy.layout.title.subtitle else None
    if caliber_only:
        subtitle = _caliber_only(subtitle or "")
        for note in copy.layout.annotations:
            if note.text and CALIBER_PREFIX in note.text:
                note.text = _caliber_only(note.text)
    copy.update_layout(title=dict(text="", subtitle=dict(text="")), margin=dict(t=16))
    if subtitle:
        lines = subtitle.count("<br>") + 1
        copy.add_annotation(text=subtitle, xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom",
                            yshift=10, align="left", showarrow=False, font=dict(size=note_px, color="#555"))
        copy.update_layout(margin=dict(t=20 + int(note_px * 1.4) * lines))
    return copy


PRINT_NOTE_PX = 12  # on paper, a note drawn smaller (n=…, 横轴自85%起) is set at this size


def _no_smaller_than(figure: go.Figure, size: float) -> go.Figure:
    """Annotations set below `size` px raised to it, so the whole chart can be laid out wider
    (and so shorter on paper) while its smallest text still prints at 9 pt."""
    for note in figure.layout.annotations:
        if note.font.size is not None and note.font.size < size:
            note.font.size = size
    return figure


SLIDE_NOTE_PX = 13  # on a slide, every note at the size of the tick labels


def _readable(figure: go.Figure) -> go.Figure:
    """Text at the ends of bars never shrunk below the figure's base font (Plotly shrinks it to a
    thin bar), and every unit of a row chart labelled (Plotly skips labels when rows are tight)."""
    base = figure.layout.font.size or figure.layout.template.layout.font.size or 13
    figure.update_layout(uniformtext=dict(minsize=base, mode="show"))
    if _is_row_chart(figure):
        labels = [label for trace in figure.data for label in (trace.y if trace.y is not None else ())]
        figure.update_yaxes(tickmode="array", tickvals=list(dict.fromkeys(labels)))
    return figure


def _legend_shown(figure: go.Figure) -> bool:
    if figure.layout.showlegend is not None:
        return bool(figure.layout.showlegend)
    return sum(trace.showlegend is not False for trace in figure.data) > 1


def _is_row_chart(figure: go.Figure) -> bool:
    """Horizontal bars: one row per unit, whose height the rows set, not the width."""
    return any(getattr(trace, "orientation", None) == "h" for trace in figure.data)


def _rows(figure: go.Figure) -> int:
    return max((len(trace.y) for trace in figure.data if getattr(trace, "y", None) is not None), default=0)


PRINT_CHART_MM = 70    # a chart on paper (not a row chart), its 口径 lines included: two and their text share a page
PRINT_ROW_PX = 14      # a unit's row in a row chart on paper (13 px text)
PRINT_PLOT_SHARE = 0.27  # the least plot height of a chart on paper, as a share of its width


def print_figure(figure: go.Figure) -> tuple[go.Figure, int]:
    """The figure for Word and its layout width: untitled, as wide as keeps its text at 9 pt on
    the A4 text width, PRINT_CHART_MM high (a row chart: 16 px a row), so that two charts of up
    to a dozen rows share a page with their text."""
    copy = _readable(_no_smaller_than(untitled(figure, PRINT_NOTE_PX), PRINT_NOTE_PX))
    width = layout_width(copy, images.PRINT_WIDTH_MM, PRINT_MIN_PT)
    margin = copy.layout.margin
    if margin.b is None and not _legend_shown(copy):  # the template's room for a legend, not needed
        copy.update_layout(margin=dict(b=40))
    frame = (copy.layout.margin.t or 0) + (copy.layout.margin.b or 60)
    if _is_row_chart(copy):
        height = frame + PRINT_ROW_PX * _rows(copy) + 30
    else:
        height = max(frame + int(width * PRINT_PLOT_SHARE), int(PRINT_CHART_MM * width / images.PRINT_WIDTH_MM))
    copy.update_layout(width=width, height=height)
    return copy, width


SLIDE_PICTURE_MM = (313.0, 145.0)  # the chart's area on a 13.33 × 7.5 in slide, under its title and takeaway


def slide_caliber(exhibit: Exhibit) -> str:
    """The 口径 of the chart as its slide draws it: a shortened unit list says how many it leaves
    out on the slide (前4位和后4位), not on the screen (前10位和后10位)."""
    if exhibit.slide_figure is None:
        return exhibit.spec.caliber
    lines = _caliber_only(charts.footnote_of(exhibit.slide_figure)).split("<br>")
    return "".join(lines).removeprefix(CALIBER_PREFIX)


def slide_figure(exhibit: Exhibit) -> tuple[go.Figure, int]:
    """The figure for a slide and its layout width: the shorter list where the exhibit has one,
    untitled and with its 口径 alone, landscape in the proportions of the slide's chart area, its
    text at 18 pt or more."""
    copy = _readable(_no_smaller_than(untitled(charts.without_footnote(exhibit.slide_figure or exhibit.figure),
                                               SLIDE_NOTE_PX, caliber_only=True), SLIDE_NOTE_PX))
    width = layout_width(copy, SLIDE_PICTURE_MM[0], SLIDE_MIN_PT)
    copy.update_layout(width=width, height=int(width * SLIDE_PICTURE_MM[1] / SLIDE_PICTURE_MM[0]))
    return copy, width


PRINT_MAX_ROWS = 12  # a longer unit list does not fit twice on a page: Word gives its takeaway, the 附表 its numbers


def print_exhibits(briefing: Briefing) -> tuple[Exhibit, ...]:
    """The charts Word prints: those that are not long unit lists (at most PRINT_MAX_ROWS bars),
    so two share a page and the document stays within four pages. A longer list keeps its
    takeaway in 主要特点; its numbers are in the 附表 and the other formats draw it."""
    return tuple(exhibit for exhibit in briefing.exhibits
                 if not _is_row_chart(exhibit.figure) or _rows(exhibit.figure) <= PRINT_MAX_ROWS)


# --- Word -----------------------------------------------------------------------------------

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
    _paragraph(document, head.issuer, TITLE_FONT, 30, align=WD_ALIGN_PARAGRAPH.CENTER, line=48, color=RED)
    line = document.add_paragraph()
    _format(line, WD_ALIGN_PARAGRAPH.LEFT, 28)
    stops = line.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(images.PRINT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Mm(images.PRINT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _font(line.add_run(f"\t{head.issue}\t{head.date_label()}"), BODY_FONT, 16)
    line.paragraph_format.space_after = Pt(6)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "18"), ("space", "4"), ("color", RED)):
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
    pictures = dict(zip(map(id, print_exhibits(briefing)), drawn.print))
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


# --- PowerPoint -----------------------------------------------------------------------------

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TEXT_WIDTH = Emu(SLIDE_WIDTH - 2 * MARGIN)
SLIDE_TITLE_PT, SLIDE_TEXT_PT = 32, 20


def _text_box(slide, text: str, top, height, size: float, bold: bool = False, color: str = "222222",
              left=MARGIN, width=TEXT_WIDTH, align=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE  # sized here so that no text shrinks below 18 pt
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        paragraph.space_after = SlidePt(size * 0.4)
        _slide_run(paragraph, line, size, bold, color)
    return box


def _slide_run(paragraph, text: str, size: float, bold: bool, color: str) -> None:
    run = paragraph.add_run()
    run.text = text
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


def text_width_pt(text: str, size: float, latin: float = 0.55) -> float:
    """About how wide a line of text sets: a 汉字 one em, a Latin letter or digit about `latin` em."""
    return sum(size if ord(char) > 0x2E80 else size * latin for char in text)


def lines_needed(text: str, size: float, width_pt: float) -> int:
    return max(1, math.ceil(text_width_pt(text, size) / width_pt))


def _title(slide, text: str) -> None:
    """A slide title on one line: shrunk (not below 24 pt) rather than wrapped, so no number breaks."""
    size = SLIDE_TITLE_PT
    while size > 24 and text_width_pt(text, size) > TEXT_WIDTH.pt:
        size -= 2
    _text_box(slide, text, Inches(0.35), Inches(0.8), size, bold=True, color="1F3864")


def to_pptx(drawn: Drawn) -> bytes:
    briefing = drawn.briefing
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]

    cover = deck.slides.add_slide(blank)
    head = briefing.masthead
    if head:
        _text_box(cover, head.issuer, Inches(0.8), Inches(0.9), 36, bold=True, color=RED, align=PP_ALIGN.CENTER)
        _text_box(cover, "　".join(filter(None, (head.issue, head.date_label()))), Inches(1.7), Inches(0.6), 20,
                  align=PP_ALIGN.CENTER)
    _text_box(cover, briefing.title, Inches(2.7), Inches(1.2), 40, bold=True, color="B22222", align=PP_ALIGN.CENTER)
    _text_box(cover, briefing.scope_label, Inches(3.9), Inches(0.7), 24, align=PP_ALIGN.CENTER)
    _text_box(cover, f"数据来源：{briefing.source}\n{briefing.made_on.year}年{briefing.made_on.month}月"
                     f"{briefing.made_on.day}日", Inches(5.6), Inches(1.2), 18, color="555555", align=PP_ALIGN.CENTER)

    if briefing.kpis:
        _kpi_slide(deck.slides.add_slide(blank), briefing)
    pictures = dict(zip(map(id, briefing.exhibits), drawn.slides))
    for part in briefing.sections:
        # a paragraph that is its chart's takeaway goes on the chart's slide; the others on text slides
        plain = [text for text, exhibit in part.items() if exhibit is None or text != exhibit.takeaway]
        if plain:
            _text_slides(deck, blank, part.heading.split("、", 1)[-1], plain)
        for exhibit in [exhibit for _, exhibit in part.items() if exhibit is not None and id(exhibit) in pictures]:
            slide = deck.slides.add_slide(blank)
            _title(slide, exhibit.spec.title)
            lines = lines_needed(exhibit.takeaway, SLIDE_TEXT_PT, TEXT_WIDTH.pt - 20)
            _text_box(slide, exhibit.takeaway, Inches(1.1), Inches(0.45 * lines), SLIDE_TEXT_PT, color="333333")
            top = Inches(1.2) + Inches(0.42 * lines)
            _add_fitted_picture(slide, pictures[id(exhibit)], top=top, max_height=SLIDE_HEIGHT - top - Inches(0.2))

    # the charts' own 口径 notes are left off their slides (see slide_figure): stated here, one per chart
    notes = [f"{exhibit.spec.title}：{slide_caliber(exhibit)}" for exhibit in briefing.exhibits
             if id(exhibit) in pictures and exhibit.spec.caliber]
    _text_slides(deck, blank, "数据来源与统计口径", [f"数据来源：{briefing.source}", f"比较期间：{briefing.comparison}",
                                                     *briefing.caliber, *notes], size=18)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _text_slides(deck, layout, heading: str, paragraphs: list[str], size: float = SLIDE_TEXT_PT) -> None:
    """Paragraphs under a heading at `size`, on as many slides as they need (续 on the later ones)."""
    room = Emu(SLIDE_HEIGHT - Inches(1.5)).pt / (size * 1.45)  # lines a slide holds, with paragraph spacing
    pages, page, used = [], [], 0.0
    for text in paragraphs:
        lines = lines_needed(text, size, TEXT_WIDTH.pt - 20) + 0.4
        if page and used + lines > room:
            pages.append(page)
            page, used = [], 0.0
        page.append(text)
        used += lines
    pages.append(page)
    for index, texts in enumerate(pages):
        slide = deck.slides.add_slide(layout)
        _title(slide, heading if index == 0 else f"{heading}（续）")
        _text_box(slide, "\n".join(texts), Inches(1.2), SLIDE_HEIGHT - Inches(1.4), size)


GOOD, BAD, NEUTRAL = "2E7D32", "B22222", "666666"


def _kpi_slide(slide, briefing: Briefing) -> None:
    """The big numbers: one column per card (信访, 投诉, 办结率, 按时办结率, 满意率), the value large,
    its 同比 under it with an arrow, green when the change is good news, red when bad."""
    _title(slide, "主要指标")
    cards = briefing.kpis
    width = Emu(int(TEXT_WIDTH / len(cards)))
    for index, card in enumerate(cards):
        left = MARGIN + int(width * index)
        _text_box(slide, card.label, Inches(2.0), Inches(0.6), 24, color="333333", left=left, width=width,
                  align=PP_ALIGN.CENTER)
        size = 48
        while size > 28 and text_width_pt(card.value, size, latin=0.65) > width.pt - 24:
            size -= 2
        _text_box(slide, card.value, Inches(2.8), Inches(1.1), size, bold=True, color="1F3864", left=left,
                  width=width, align=PP_ALIGN.CENTER)
        text, color = kpi_change(card.yoy, card.rise_is_good)
        _text_box(slide, text, Inches(4.0), Inches(1.2), 20, color=color, left=left, width=width, align=PP_ALIGN.CENTER)
    _text_box(slide, f"{briefing.scope_label}；同比为与上年同期相比", Inches(6.3), Inches(0.6), 18, color="666666")


def kpi_change(delta: str | None, rise_is_good: bool) -> tuple[str, str]:
    """同比 and under it ↓29.5% in green for fewer petitions, ↑0.3个百分点 in green for a higher rate; words
    (持平, 上年同期仅3件) grey without an arrow; no baseline: 同比 —."""
    shown = formatting.MISSING if delta is None else formatting.arrowed(delta)
    return f"同比\n{shown}", {formatting.GOOD_NEWS: GOOD, formatting.BAD_NEWS: BAD}.get(
        formatting.change_tone(delta, rise_is_good), NEUTRAL)


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
