"""The dashboard run in AppTest on a given database, as a link with `url` parameters opens it."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import streamlit as st
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def open_dashboard(db_path: Path, monkeypatch, page: str | None = None, **url: str) -> AppTest:
    """The app on `db_path` (cold caches: each test sees its own database), switched to `page`
    when given, with no exception raised."""
    monkeypatch.setenv("MINYI_DB", str(db_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.query_params.update(url)
    app.run()
    if page is not None:
        app.switch_page(page)
        app.run()
    assert not app.exception, app.exception
    return app


@dataclass(frozen=True)
class ShownCard:
    """A KPI card as the page drew it (minyi.card_markup): its number, the signed 同比 of its pill
    (-29.5%, None without one) and the pill's tone, its other lines (同比 持平, 9月环比 ↓9.0%, its note)
    with the tone of each (good, bad, flat; "" for a note), and its hover sentence."""

    label: str
    value: str
    delta: str | None
    delta_tone: str
    lines: tuple[str, ...]
    tones: tuple[str, ...]
    sentence: str


class _CardReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict] = []
        self.part: str | None = None

    def handle_starttag(self, tag, attrs):
        names = dict(attrs).get("class", "").split()
        if "minyi-card" in names:
            self.cards.append({"label": "", "value": "", "delta": "", "lines": [], "tones": [], "sentence": "",
                               "delta_tone": ""})
        elif "minyi-card-help" in names:
            self.cards[-1]["sentence"] = dict(attrs).get("title", "")
            self.part = "help"
        for part in ("label", "value", "delta", "line", "note"):
            if f"minyi-card-{part}" in names:
                self.part = part
                if part in ("line", "note"):
                    self.cards[-1]["lines"].append("")
                    self.cards[-1]["tones"].append("")
        tone = next((name.removeprefix("minyi-") for name in names if name in ("minyi-good", "minyi-bad", "minyi-flat")), "")
        if tone and self.part == "delta":
            self.cards[-1]["delta_tone"] = tone
        elif tone and self.part == "line":
            self.cards[-1]["tones"][-1] = tone

    def handle_endtag(self, tag):
        if self.part == "help":
            self.part = "label"
        elif tag == "div" and self.part is not None:
            self.part = None

    def handle_data(self, data):
        if not self.part or self.part == "help":
            return
        card = self.cards[-1]
        if self.part in ("line", "note"):
            card["lines"][-1] += data
        else:
            card[self.part] += data


def shown_cards(app: AppTest) -> dict[str, ShownCard]:
    """The page's KPI cards by label."""
    reader = _CardReader()
    for element in app.get("html"):
        if "minyi-cards" in element.proto.body:
            reader.feed(element.proto.body)
    shown = {}
    for card in reader.cards:
        pill = card["delta"].removesuffix("同比").strip()
        delta = ("+" + pill[1:] if pill.startswith("↑") else "-" + pill[1:] if pill.startswith("↓") else None) if pill else None
        shown[card["label"].strip()] = ShownCard(card["label"].strip(), card["value"], delta, card["delta_tone"],
                                                 tuple(line.strip() for line in card["lines"]), tuple(card["tones"]),
                                                 card["sentence"])
    return shown


def plain_json(value):
    """A chart's JSON with plotly's typed arrays ({"dtype", "bdata", "shape"}) as lists, NaN as None."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return [plain_json(item) for item in array.tolist()] if array.ndim > 1 else \
            [None if isinstance(item, float) and np.isnan(item) else item for item in array.tolist()]
    if isinstance(value, dict):
        return {key: plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_json(item) for item in value]
    return value


def figures_by_title(app: AppTest) -> dict[str, dict]:
    """The page's charts by title text."""
    figures = {}
    for chart in app.get("plotly_chart"):
        figure = plain_json(json.loads(chart.proto.spec))
        figures[figure["layout"]["title"]["text"].removeprefix("<b>").removesuffix("</b>")] = figure
    return figures
