"""Chart text: wrapped to a width in pixels, the way Chinese print breaks lines, and kept plain
(text from data never becomes Plotly markup: `with_plain_text`, applied by charts.finish).

Plotly never wraps text: a footnote longer than the figure is cut at its edge. So each line is
measured here (a 汉字 or full-width sign is one em, Latin letters and digits about 0.6 em) and
broken before it is handed to the figure. Where a line breaks:
- preferably after a clause sign (；，、。：) or before an opening bracket when the line is
  then FULL_ENOUGH full, else between two 汉字, never inside a run of Latin
  letters or digits (12345, 2012);
- never before a closing sign (，。）；、：》) nor after an opening one (（《“), as typeset Chinese;
- the last line keeps at least ORPHAN_MIN characters: a lone "据）" under a full line reads as
  a mistake, so characters move down from the line above.
"""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go

CLAUSE_ENDS = "；，、。：;,"
CLOSING = "，。）；、：！？》」’”%）)]」』"
OPENING = "（《“‘「『([<"
ORPHAN_MIN = 4  # a last line of 1–3 characters is an orphan
FULL_ENOUGH = 0.6  # a line ended early at a clause is at least this full
WIDE = 1.0
NARROW = 0.6
SPACE = 0.35
_TOKENS = re.compile(r"[A-Za-z0-9.+\-/%×_:]+|\s+|.", re.S)


def em_width(text: str) -> float:
    """Width of `text` in em: 汉字 and every other non-ASCII sign 1 (on the safe side), ASCII letters
    and digits 0.6, spaces 0.35."""
    return sum(SPACE if char.isspace() else NARROW if ord(char) < 0x80 else WIDE for char in text)


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: a Latin/digit run, or one character with the closing signs after it
    and the opening signs before the next."""
    raw = _TOKENS.findall(text)
    pieces: list[str] = []
    carry = ""
    for token in raw:
        if token in OPENING:
            carry += token
        elif pieces and not carry and token[0] in CLOSING:
            pieces[-1] += token
        else:
            pieces.append(carry + token)
            carry = ""
    if carry:
        pieces.append(carry)
    return pieces


def _visible(line: str) -> int:
    return len(line.strip())


def wrap(text: str, width_px: float, font_px: float) -> list[str]:
    """`text` as lines no wider than `width_px` at `font_px`, broken as the module says."""
    limit = width_px / font_px
    pieces = _tokens(text)
    lines: list[list[str]] = [[]]
    for piece in pieces:
        line = lines[-1]
        if line and em_width("".join(line) + piece.rstrip()) > limit:
            cut = _clause_cut(line, limit)
            lines[-1], rest = line[:cut], line[cut:]
            while rest and rest[0].isspace():
                rest = rest[1:]
            lines.append(rest)
            if piece.isspace() and not rest:
                continue
        lines[-1].append(piece)
    text_lines = ["".join(line).strip() for line in lines if "".join(line).strip()]
    return _no_orphan(text_lines, limit)


def _clause_cut(line: list[str], limit: float) -> int:
    """Where to end a full line: after its last clause sign or before its last opening bracket,
    when that leaves the line at least FULL_ENOUGH full; else at its end."""
    for index in range(len(line) - 1, 0, -1):
        if line[index - 1].rstrip()[-1:] in CLAUSE_ENDS or line[index][:1] in OPENING:
            if em_width("".join(line[:index])) >= limit * FULL_ENOUGH:
                return index
            break
    return len(line)


def _no_orphan(lines: list[str], limit: float) -> list[str]:
    """Move characters down from the line above until the last line has ORPHAN_MIN of them."""
    if len(lines) < 2 or _visible(lines[-1]) >= ORPHAN_MIN:
        return lines
    above = _tokens(lines[-2])
    last = lines[-1]
    while len(above) > 1 and _visible(last) < ORPHAN_MIN and em_width(above[-1] + last) <= limit:
        last = above.pop() + last
    return [*lines[:-2], "".join(above).rstrip(), last]


def widest(lines: list[str], font_px: float) -> float:
    """The widest of `lines` in pixels at `font_px`."""
    return max((em_width(line) * font_px for line in lines), default=0.0)


# Plotly reads text as a small HTML: <a href> is a link, <span style> styles. Text from data (a
# category "<a href=…>", a township's name) must read as written, so every "<" that does not open
# one of the plain formatting tags the charts themselves write becomes "&lt;", which Plotly shows
# as "<". Those tags are harmless from data too: at worst a word in bold.
_NOT_OUR_TAG = re.compile(r"<(?!/?(?:br|b|i|sup|sub)\s*/?>)", re.I)


def plain_markup(text: str) -> str:
    """`text` for a Plotly figure: only <br>, <b>, <i>, <sup> and <sub> keep their meaning."""
    return _NOT_OUR_TAG.sub("&lt;", text) if "<" in text else text


def from_markup(text: str) -> str:
    """A label as a Plotly event returns it, as the data wrote it (plain_markup undone)."""
    return text.replace("&lt;", "<")


# Where a figure holds text that may come from data: the traces' categories, texts, hover texts and
# names, and the layout's titles, annotations and tick labels. Templates (hovertemplate, texttemplate)
# are the charts' own and keep their <extra></extra>.
TRACE_TEXTS = ("x", "y", "text", "hovertext", "customdata", "labels", "name")


def with_plain_text(figure: go.Figure) -> go.Figure:
    """`figure` with every text as Plotly should show it (plain_markup), in place: the
    one place where text from data (a category "<a href=…>", a township in a title) meets a chart."""
    for trace in figure.data:
        for name in TRACE_TEXTS:
            if name in trace and trace[name] is not None:
                plain = _plain_values(trace[name])
                if plain is not None:
                    trace[name] = plain
    layout = figure.layout
    for note in layout.annotations:
        if note.text:
            note.text = plain_markup(note.text)
    if layout.title.text:
        layout.title.text = plain_markup(layout.title.text)
    if layout.title.subtitle.text:
        layout.title.subtitle.text = plain_markup(layout.title.subtitle.text)
    for axis in (*figure.select_xaxes(), *figure.select_yaxes()):
        if axis.ticktext is not None:
            axis.ticktext = _plain_values(axis.ticktext) or axis.ticktext
    return figure


def _plain_values(value):
    """A text, or an array of values (any depth), with plain_markup applied to its texts; None when
    nothing in it needed a change (numbers, dates, text without "<")."""
    if isinstance(value, str):
        plain = plain_markup(value)
        return plain if plain != value else None
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype == object):
        items = list(value)
        changed = [_plain_values(item) for item in items]
        if all(item is None for item in changed):
            return None
        return [item if new is None else new for item, new in zip(items, changed)]
    return None
