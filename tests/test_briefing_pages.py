"""The demo view's briefing as printed: Word and PowerPoint rendered by LibreOffice to PDF and then
to PNG (kept in test-artifacts/ as briefing-docx-p1.png…, briefing-pptx-s1.png…), so the page count
and the layout are checked on real pages, not on the XML alone. Skipped where LibreOffice is not
installed (`make test` installs it, as it does Chromium)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation

from minyi import dataset, documents, filters, images, metrics, pack, rankings
from minyi.periods import Period

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SOFFICE, PDFTOPPM = shutil.which("soffice"), shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(not (SOFFICE and PDFTOPPM),
                                reason="LibreOffice or poppler not installed (make test installs them)")
# Where a page's text area ends: A4 297 mm less the 35 mm bottom margin, above the page number.
TEXT_BOTTOM = (297 - 35) / 297


@pytest.fixture(scope="module")
def rendered(demo_reader, tmp_path_factory):
    """The default view of the demo county (1–9月 2012, all sources, whole county) as Word and
    PowerPoint, each page as a PNG at 60 dpi: {"docx": [paths], "pptx": [paths]}."""
    folder = tmp_path_factory.mktemp("briefing-pages")
    view = filters.view_of(filters.read_choices(demo_reader), Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30)))
    briefing = pack.build(demo_reader, view, dataset.describe(demo_reader), metrics.Policy(),
                          rankings.RankingRule.from_config(), made_on=dt.date(2012, 10, 8))
    drawn = documents.draw(briefing, ("docx", "pptx"))
    images.stop()
    pages = {}
    for extension, prefix in (("docx", "p"), ("pptx", "s")):
        source = folder / f"briefing.{extension}"
        source.write_bytes(documents.write(drawn, extension))
        out = folder / extension
        subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder / 'profile'}",
                        "--convert-to", "pdf", "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=240)
        subprocess.run([PDFTOPPM, "-r", "60", "-png", str(out / "briefing.pdf"), str(out / "page")],
                       check=True, capture_output=True, timeout=120)
        pngs = sorted(out.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[1]))
        ARTIFACTS.mkdir(exist_ok=True)
        for stale in ARTIFACTS.glob(f"briefing-{extension}-{prefix}*.png"):
            stale.unlink()
        for number, png in enumerate(pngs, start=1):
            shutil.copy(png, ARTIFACTS / f"briefing-{extension}-{prefix}{number}.png")
        pages[extension] = pngs
    pages["briefing"], pages["pptx_file"] = briefing, folder / "briefing.pptx"
    return pages


def _ink(path: Path, top: float, bottom: float) -> float:
    """Share of dark pixels between two heights of a page (fractions of its height)."""
    page = np.asarray(Image.open(path).convert("L"))
    height = page.shape[0]
    return float((page[int(top * height):int(bottom * height)] < 160).mean())


def test_word_briefing_of_the_demo_view_prints_on_two_to_seven_full_pages(rendered):
    """Cases, then the 便民服务, 网格化服务管理 and 考核情况 sections of a county that loads them (the demo
    does); the 附表 and the notes are one block, which may start a page of its own, as a 公文's 附表 does."""
    pages = rendered["docx"]
    assert 2 <= len(pages) <= 7
    for page in pages[:-2]:  # no half-empty page: ink in the lower half of every text area but the last two
        assert _ink(page, 0.5, 0.5 + (TEXT_BOTTOM - 0.5) / 2) > 0.002
        assert _ink(page, 0.5 + (TEXT_BOTTOM - 0.5) / 2, TEXT_BOTTOM) > 0.002
    assert _ink(pages[0], 0.08, 0.2) > 0.005  # the title block is drawn, not tofu-less blank


def test_powerpoint_of_the_demo_view_renders_every_slide_landscape(rendered):
    slides = rendered["pptx"]
    briefing = rendered["briefing"]
    # cover, KPIs, a text slide per section with text of its own, one slide per chart, the notes
    assert len(slides) >= 3 + len(briefing.exhibits)
    for slide in slides:
        width, height = Image.open(slide).size
        assert abs(width / height - 16 / 9) < 0.01
        assert _ink(slide, 0.0, 1.0) > 0.005
    # a chart slide is filled: ink in its lower third (the chart), not only in the title band
    deck = Presentation(str(rendered["pptx_file"]))
    charted = [png for png, slide in zip(slides, deck.slides) if any(shape.shape_type == 13 for shape in slide.shapes)]
    assert len(charted) == len(briefing.exhibits)
    assert all(_ink(slide, 0.66, 0.97) > 0.01 for slide in charted)
