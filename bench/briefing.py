"""Briefing benchmark: a full briefing pack on the demo county, and what reusing Chromium saves.

Measured side by side in this run:
- the full pack (numbers and text, every key chart as PNG, then Word, PowerPoint and ZIP) with
  the kaleido server started once and reused — the way the dashboard and the CLI work. The
  Chromium start is included: the first pack of a fresh process pays it. Target: under 10 s;
- the same charts drawn with a fresh Chromium per chart (kaleido without its server), as the
  ratio of per-chart time to the reused server's.

    .venv/bin/python bench/briefing.py [--rows 100000] [--out-dir bench/out]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from minyi import dataset, db, documents, filters, images, metrics, pack, rankings  # noqa: E402
from minyi.periods import Period  # noqa: E402
from pages import demo_database  # noqa: E402  (bench/pages.py, this script's folder)

TARGET_SECONDS = 10.0
PERIOD = Period(dt.date(2012, 1, 1), dt.date(2012, 9, 30))


def full_pack(path: Path) -> tuple[float, dict[str, float], pack.Briefing]:
    """Seconds for one whole pack in a fresh server, and the time of each step."""
    images.stop()
    steps = {}
    started = time.perf_counter()
    con = db.SnapshotReader(db.cursor(db.open_reader(path)), f"bench-{time.time()}")  # empty memo
    view = filters.view_of(filters.read_choices(con), PERIOD)
    briefing = pack.build(con, view, dataset.describe(con), metrics.Policy.from_config(),
                          rankings.RankingRule.from_config())
    steps["numbers and text"] = time.perf_counter() - started
    mark = time.perf_counter()
    drawn = documents.draw(briefing)
    drawings = len(drawn.pngs) + len(drawn.print) + len(drawn.slides)  # screen, paper and slide versions
    steps[f"{drawings} charts (Chromium start included)"] = time.perf_counter() - mark
    for extension in documents.FORMATS:
        mark = time.perf_counter()
        documents.write(drawn, extension)
        steps[extension] = time.perf_counter() - mark
    return time.perf_counter() - started, steps, briefing


def per_chart_seconds(briefing: pack.Briefing, fresh_browser: bool) -> list[float]:
    """Seconds per chart, each with a fresh Chromium or on the running server (memo emptied)."""
    import kaleido

    times = []
    for exhibit in briefing.exhibits:
        options = {"format": "png", "width": images.LAYOUT_WIDTH_PX, "height": int(exhibit.figure.layout.height),
                   "scale": images.SCALE}
        mark = time.perf_counter()
        if fresh_browser:
            kaleido.calc_fig_sync(exhibit.figure, opts=options, kopts={"mathjax": False})
        else:
            images._memo.clear()
            images.to_png(exhibit.figure)
        times.append(time.perf_counter() - mark)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out-dir", type=Path, default=PROJECT_ROOT / "bench" / "out")
    args = parser.parse_args()
    path = demo_database(args.out_dir, args.rows)
    images.browser_path()  # a clear error now rather than a stack trace later

    seconds, steps, briefing = full_pack(path)
    print(f"Full briefing pack, {args.rows:,} demo cases, {PERIOD.label()}: {seconds:.2f} s "
          f"(target < {TARGET_SECONDS:.0f} s) {'OK' if seconds < TARGET_SECONDS else 'MISSED'}")
    for step, step_seconds in steps.items():
        print(f"  {step:<40} {step_seconds:6.2f} s")

    reused = per_chart_seconds(briefing, fresh_browser=False)  # the server from full_pack is running
    images.stop()
    fresh = per_chart_seconds(briefing, fresh_browser=True)
    reused_median, fresh_median = statistics.median(reused), statistics.median(fresh)
    print(f"Per chart, median of {len(reused)}: reused Chromium {reused_median:.2f} s, "
          f"fresh Chromium per chart {fresh_median:.2f} s -> reuse is {fresh_median / reused_median:.1f}x faster")
    print(f"Whole pack's charts: reused {sum(reused):.2f} s, fresh per chart {sum(fresh):.2f} s")
    return 0 if seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
