"""A briefing pack as files a secretary hands on: Word (.docx, minyi/word.py), PowerPoint (.pptx,
minyi/slides.py), a ZIP of PNGs; here the charts they share, drawn once per format.

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

from minyi import charts, formatting, images
from minyi.exhibits import Exhibit
from minyi.pack import Briefing

FORMATS = {"docx": "Word 文档", "pptx": "PowerPoint 演示文稿", "zip": "图表图片（ZIP）"}
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "zip": "application/zip",
}

RED = "C00000"  # 版头 red as printed by county offices (Word, slides, the 简报 page)
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
    from minyi import slides, word  # they build on this module's drawn charts

    return {"docx": word.to_docx, "pptx": slides.to_pptx, "zip": to_zip}[extension](drawn)


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
    takeaway in 主要特点; its numbers are in the 附表 and the other formats draw it. Nor an exhibit
    marked not `printed` (the 考核 totals: the text names the 红黑榜, the 考核表 holds every score)."""
    return tuple(exhibit for exhibit in briefing.exhibits if exhibit.printed
                 and (not _is_row_chart(exhibit.figure) or _rows(exhibit.figure) <= PRINT_MAX_ROWS))


# --- ZIP ------------------------------------------------------------------------------------

def to_zip(drawn: Drawn) -> bytes:
    """The charts as numbered PNGs named after their title and period."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # PNG is compressed already
        for number, (exhibit, png) in enumerate(zip(drawn.briefing.exhibits, drawn.pngs), start=1):
            archive.writestr(f"{number:02d}_{exhibit.spec.file_name()}.png", png)
    return out.getvalue()
