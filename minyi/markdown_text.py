"""Text from data, or from a link, as Streamlit's markdown must show it: as written.

A township's name, a summary, a file name, a survey's name or a URL parameter may hold markdown
(a link, an image a viewer's browser would fetch, LaTeX, :red[…]); every such text passes
through `plain` before st.markdown, st.caption, an alert or an expander label. Light on purpose:
the sidebar filters and the sign-in page use it before the chart modules are loaded.
"""

from __future__ import annotations

import re

# The signs Streamlit's markdown gives a meaning to wherever they stand: emphasis, links and images
# ([ ]), code, HTML, LaTeX ($), strike-through, tables, colour and icon directives and autolinks
# (the ":" of :red[…] and http://, the "@" of an e-mail address); and those that count only at a line's start (headings, lists,
# quotes, rules: # + - = > and "1.") or in "www." A backslash before any of them shows the sign.
_MARKDOWN_SIGNS = re.compile(r"[\\`*_\[\]<>$~|:@]|^[ \t]*(?:[#+\-=>]|\d+(?=[.)](?:\s|$)))|(?<=www)\.", re.M | re.I)


def plain(text: object) -> str:
    """Text that may hold data (a township's name, a summary, a file name, a survey's name) as
    Streamlit's markdown must show it: as written. The one escape for st.markdown, st.caption,
    alerts and expander labels; a page passes every such text through it."""
    return _MARKDOWN_SIGNS.sub(_escaped, str(text))


def _escaped(match: re.Match) -> str:
    sign = match.group()
    if sign[-1:].isdigit():  # "1." opening a line: the dot after the number
        return sign + "\\"
    return sign[:-1] + "\\" + sign[-1]
