"""The KPI cards as one block of HTML (display.show_cards puts it on the page with st.html).

Eight st.metric cards in st.columns cost the page some forty Streamlit elements (columns, bordered
containers, metrics, the 环比 and note lines), each one a message from the server and a React
component in the browser: on a return visit that drawing took longer than the whole bare page
(bench/browser.py). One element of plain HTML shows the same: the number, the 同比 pill and the 环比
line with arrows coloured by whether the change is good news, the card's sentence on hover, and
its note. A number is as large as its card allows (CSS, from its width in em: no script measures
it while the page draws). Every text is escaped: labels and notes may quote imported names.
"""

from __future__ import annotations

import html

from minyi import chart_text, formatting
from minyi.overview import Card


def cards(shown: list[Card], per_row: int = 4, compared: bool = True) -> str:
    """The cards in rows of `per_row` (the grid's columns; a narrow window stacks them); with
    `compared`, each says its 同比 (— where there is no baseline)."""
    return (f'<div class="minyi-cards" role="list" style="--minyi-per-row: {int(per_row)}">'
            + "".join(_card(card, compared) for card in shown) + "</div>")


def figures(pairs: list[tuple[str, str]]) -> str:
    """Plain cards (a label and a number, no comparison) in one row, as 办理时效 and 满意度 show."""
    return cards([Card(label, value, None, None, True, "", pop_label=None) for label, value in pairs],
                 per_row=len(pairs) or 1, compared=False)


def _card(card: Card, compared: bool) -> str:
    help_mark = (f'<span class="minyi-card-help" title="{html.escape(card.sentence)}" aria-label="{html.escape(card.sentence)}">?</span>'
                 if card.sentence else "")
    lines = [f'<div class="minyi-card-label">{html.escape(card.label)}{help_mark}</div>',
             f'<div class="minyi-card-value" style="--minyi-value-em: {chart_text.em_width(card.value):.2f}">'
             f'{html.escape(card.value)}</div>']
    if formatting.is_signed_change(card.yoy):  # a signed 同比 as a pill, as st.metric draws its delta
        lines.append(f'<div class="minyi-card-delta"><span class="minyi-pill minyi-{formatting.change_tone(card.yoy, card.rise_is_good)}">'
                     f'{html.escape(formatting.arrowed(card.yoy))}</span> 同比</div>')
    elif compared:  # words (持平, 上年同期仅3件), or — where there is no baseline
        lines.append(_line("同比", card.yoy, card.rise_is_good))
    if card.pop_label:  # 年 and 自定义 have no 环比: no line rather than a repeat of 同比
        lines.append(_line(card.pop_label, card.pop, card.rise_is_good))
    if card.note:
        lines.append(f'<div class="minyi-card-note">{html.escape(card.note)}</div>')
    return f'<div class="minyi-card" role="listitem">{"".join(lines)}</div>'


def _line(name: str, delta: str | None, rise_is_good: bool) -> str:
    shown = formatting.MISSING if delta is None else formatting.arrowed(delta)
    return (f'<div class="minyi-card-line">{html.escape(name)} '
            f'<span class="minyi-{formatting.change_tone(delta, rise_is_good)}">{html.escape(shown)}</span></div>')
