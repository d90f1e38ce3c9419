"""The briefing as a PowerPoint deck (.pptx): a big-number KPI slide, one landscape chart per
slide with its takeaway, text at 18 pt or more, and the charts' 口径 on the last slides."""

from __future__ import annotations

import io
import math

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn as slide_qn
from pptx.util import Emu, Inches
from pptx.util import Pt as SlidePt

from minyi import documents, formatting
from minyi.documents import Drawn
from minyi.pack import Briefing

SLIDE_FONT = "微软雅黑"

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
        _text_box(cover, head.issuer, Inches(0.8), Inches(0.9), 36, bold=True, color=documents.RED, align=PP_ALIGN.CENTER)
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
    notes = [f"{exhibit.spec.title}：{documents.slide_caliber(exhibit)}" for exhibit in briefing.exhibits
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
