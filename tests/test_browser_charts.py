"""Chart text as Chromium draws it: footnotes inside the figure, tick labels level, at the two
laptop sizes a county office uses (1366×768 and 1600×1000)."""

from __future__ import annotations

import pytest

from tests.browser_runs import ARTIFACTS, CHROMIUM, FLAGS, server, wait_for_app  # noqa: F401  (fixture)

pytestmark = pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="Debian chromium not installed")

MEASURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
  const box = plot.getBoundingClientRect();
  const notes = [...plot.querySelectorAll('.annotation')].filter(n => n.textContent.startsWith('数据来源'));
  const note = notes.length ? notes[0].getBoundingClientRect() : null;
  const ticks = [...plot.querySelectorAll('.xtick text, .xtick2 text')];
  return {title: (plot.querySelector('.gtitle') || {}).textContent || '', left: box.left, right: box.right,
          noteLeft: note && note.left, noteRight: note && note.right,
          rotated: ticks.filter(t => /rotate\\((?!0[,)])/.test(t.getAttribute('transform') || '')).length,
          lines: notes.length ? notes[0].querySelectorAll('tspan.line').length : 0};
})"""


@pytest.mark.parametrize("width, height", [(1366, 768), (1600, 1000)])
@pytest.mark.parametrize("path", ["", "trends", "rankings", "timeliness", "satisfaction"])
def test_footnotes_stay_inside_the_chart_and_ticks_stay_level(server, path, width, height):  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page(viewport={"width": width, "height": height})
        tab.goto(f"{server}/{path}")
        wait_for_app(tab)
        tab.wait_for_selector(".js-plotly-plot .annotation", timeout=60_000)
        tab.wait_for_timeout(1500)
        charts = tab.evaluate(MEASURE)
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"charts-{path or 'overview'}-{width}.png"))
        browser.close()
    assert charts
    for chart in charts:
        assert chart["noteLeft"] is not None, f"{chart['title']}: no footnote"
        assert chart["left"] <= chart["noteLeft"] and chart["noteRight"] <= chart["right"] + 0.5, chart
        assert chart["rotated"] == 0, chart
