"""Speed as felt: time from navigation to a settled page in Chromium, for Minyi's pages against a
bare Streamlit page with one Plotly chart, measured side by side in one run.

A page is settled when Streamlit's running indicator (stStatusWidget) is gone and what the page
exists to show is drawn: the KPI metrics and Plotly charts (`.js-plotly-plot .main-svg`), as
many as the page has in its default view (a chart is drawn when its SVG exists). The bare page (bench/bare_app.py: a title, one metric,
one chart) is served by a second `streamlit run` in the same run, so both pay the same Streamlit,
the same Plotly and the same noisy machine; the ratio is what Minyi adds.

Each round opens every page twice, in turn (bare, 总览, 趋势, bare with four charts, bare with the
filters): a first visit in a new browser context (empty cache: every script is downloaded) and a
return visit in the same context (scripts
cached, as for a leader who opened the dashboard before). The first visit also counts the bytes
transferred (HTTP bodies as sent, websocket frames) and lists the largest scripts, so a library
loaded twice would show.

    .venv/bin/python bench/browser.py [--rows 100000] [--rounds 3] [--port 8627]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

import bare_app  # noqa: E402  (bench/ is the script's folder)
import serving  # noqa: E402

from pages import demo_database  # noqa: E402

RATIO_TARGET = 1.5
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1366, "height": 768}


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    metrics: int  # at least this many st.metric
    charts: int   # at least this many drawn Plotly charts
    bare: bool = False


TARGETS = (
    Target("bare Streamlit + Plotly", "", 1, 1, bare=True),
    Target("总览", "", 1, 2),
    Target("信访投诉趋势", "trends", 0, 4),
    # for information: the bare page drawing as many charts as the trend page, to tell what four
    # Plotly charts cost any Streamlit page from what Minyi adds
    Target("bare, 4 charts", "?charts=4", 1, 4, bare=True),
    # and with the seven sidebar filters every analysis page has: what they cost any Streamlit page
    Target("bare, filters", "?filters=1", 1, 1, bare=True),
)


@dataclass
class Visits:
    first: list[float] = field(default_factory=list)
    again: list[float] = field(default_factory=list)
    first_bytes: list[int] = field(default_factory=list)


def server(script: Path, port: int, env: dict[str, str], cwd: Path):
    """`streamlit run script` on 127.0.0.1:port, stopped (by its own PID) on leaving."""
    return serving.streamlit_server(script, port, env, cwd)


def settled(tab, target: Target) -> None:
    tab.wait_for_selector("[data-testid='stAppViewContainer']", timeout=120_000)
    tab.wait_for_function(
        """([metrics, charts]) => !document.querySelector("[data-testid='stStatusWidget']")
            && document.querySelectorAll("[data-testid='stMetric'], .minyi-card").length >= metrics
            && [...document.querySelectorAll('.js-plotly-plot')].filter(plot => plot.querySelector('.main-svg')).length
               >= charts""",
        arg=[target.metrics, target.charts], timeout=120_000, polling=20)


class Transfer:
    """Bytes a page load transferred: HTTP bodies as sent (compressed where the server compressed)
    and websocket frames; with the scripts by size."""

    def __init__(self, tab) -> None:
        self.requests: list = []
        self.frames = 0
        tab.on("requestfinished", lambda request: self.requests.append(request))
        tab.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.frames += len(payload)

    def bodies(self) -> list[tuple[int, str, str]]:
        rows = []
        for request in self.requests:
            response = request.response()
            encoding = (response.headers.get("content-encoding", "") if response else "")
            rows.append((request.sizes()["responseBodySize"], request.url, encoding))
        return sorted(rows, reverse=True)


def visit(browser, url: str, target: Target, visits: Visits, show_transfer: bool) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        tab = context.new_page()
        transfer = Transfer(tab)
        started = time.perf_counter()
        tab.goto(f"{url}/{target.path}")
        settled(tab, target)
        visits.first.append(time.perf_counter() - started)
        bodies = transfer.bodies()
        visits.first_bytes.append(sum(size for size, _, _ in bodies) + transfer.frames)
        if show_transfer:
            print(f"  {target.name}, first visit: {sum(s for s, _, _ in bodies) / 1e6:.2f} MB over HTTP "
                  f"({len(bodies)} responses, compressed: {sum(1 for _, _, e in bodies if e)}), "
                  f"{transfer.frames / 1e6:.2f} MB websocket; largest:")
            for size, address, encoding in bodies[:4]:
                print(f"    {size / 1e6:6.2f} MB {address.rsplit('/', 1)[-1]} {encoding}")
            plotly = [address for _, address, _ in bodies if "plotly" in address.lower()]
            print(f"    Plotly bundles loaded: {len(plotly)} ({', '.join(a.rsplit('/', 1)[-1] for a in plotly)})")
        started = time.perf_counter()
        tab.goto(f"{url}/{target.path}")
        settled(tab, target)
        visits.again.append(time.perf_counter() - started)
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8627)
    parser.add_argument("--out-dir", type=Path, default=PROJECT_ROOT / "bench" / "out")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: `make browser` installs Debian's Chromium")
    from playwright.sync_api import sync_playwright

    database = demo_database(args.out_dir, args.rows)
    folder = Path(tempfile.mkdtemp(prefix="minyi-browser-"))
    results = {target.name: Visits() for target in TARGETS}
    try:
        bare = bare_app.write(folder)
        with server(PROJECT_ROOT / "dashboard.py", args.port, {"MINYI_DB": str(database)}, PROJECT_ROOT) as minyi, \
                server(bare, args.port + 1, {}, PROJECT_ROOT) as plain, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            print(f"Chromium {browser.version}, {VIEWPORT['width']}×{VIEWPORT['height']}, demo county "
                  f"{args.rows:,} cases, default view; seconds from navigation to a settled page")
            for round_number in range(args.rounds):
                for target in TARGETS:
                    visit(browser, plain if target.bare else minyi, target, results[target.name],
                          show_transfer=round_number == 0)
                print(f"round {round_number + 1}: " + "  ".join(
                    f"{name} {visits.first[-1]:.2f}/{visits.again[-1]:.2f} s" for name, visits in results.items()),
                    flush=True)
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    baseline = results[TARGETS[0].name]
    print(f"\n{'page':24s} {'first visit s (min/median)':>28s} {'return visit s':>16s} {'ratio first':>12s} "
          f"{'ratio return':>13s} {'first-load MB':>14s}")
    worst = 0.0
    for target in TARGETS:
        visits = results[target.name]
        first = statistics.median(visits.first) / statistics.median(baseline.first)
        again = statistics.median(visits.again) / statistics.median(baseline.again)
        if not target.bare:
            worst = max(worst, first, again)
        elif target.path == "?charts=4":
            trend = results["信访投诉趋势"]
            print(f"{'':24s} 信访投诉趋势 against the bare page with as many charts: first visit "
                  f"{statistics.median(trend.first) / statistics.median(visits.first):.2f}×, return visit "
                  f"{statistics.median(trend.again) / statistics.median(visits.again):.2f}×")
        print(f"{target.name:24s} {min(visits.first):12.2f} / {statistics.median(visits.first):5.2f}      "
              f"{min(visits.again):6.2f} / {statistics.median(visits.again):5.2f} {first:11.2f}× {again:12.2f}× "
              f"{statistics.median(visits.first_bytes) / 1e6:13.2f}")
    ok = worst <= RATIO_TARGET
    print(f"\ntarget: every page within {RATIO_TARGET:g}× the bare page (medians): worst {worst:.2f}×, "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
