"""Many viewers at once: 1 and 20 real sessions opening the overview together, on 1 million cases.

A leaders' meeting opens the same link at the same moment. This bench starts `streamlit run` on
the demo county at --rows cases and opens sessions the way a browser does: a websocket on
/_stcore/stream and a rerun request for the default page (总览, default view). The server runs
the whole script for each session and sends every element; a session is settled when the run
finished successfully and its elements included the KPI metrics and a Plotly chart. The time
is from opening the websocket to that moment. No browser draws the page, so the clients take
no CPU from the server (bench/browser.py measures drawing).

Three servers run side by side and are measured in turn, so that the load of a shared machine
falls on all of them alike:

- memo on: the dashboard as shipped (minyi.view_cache keeps computed views per snapshot);
- memo off: the same dashboard with a view memo that keeps nothing (the baseline: every session
  computes its view from the memoised query results, as before the view memo existed);
- bare page: a bare Streamlit page with one metric and one Plotly chart (bench/bare_app.py), the
  floor any Streamlit page pays per session.

Steps: one session on another view of the overview (信访 only: modules imported, database opened);
the first hit, one session on a view nobody opened (河口镇); 20 sessions at once on the default view,
nothing memoised for it yet (cold); then, in turn on each server, one session at a time (5 times)
and 20 at once (3 times, warm).

    .venv/bin/python bench/sessions.py [--rows 1000000] [--sessions 20] [--port 8626]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

import bare_app  # noqa: E402  (bench/ is the script's folder)
import serving  # noqa: E402
import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from pages import demo_database  # noqa: E402

P95_TARGET_SECONDS = 3.0
# The baseline server: dashboard.py run with a view memo that keeps nothing.
NO_MEMO_ENTRY = """import runpy
import sys
sys.path.insert(0, {root!r})
from minyi import view_cache
view_cache.ENTRIES = 0
runpy.run_path({dashboard!r}, run_name="__main__")
"""
OTHER_VIEW = urllib.parse.urlencode({"source": "信访"})  # the warm-up session's view: same page, another scope


@dataclass
class Session:
    seconds: float
    elements: dict[str, int]
    metrics: list[str]

    @property
    def settled(self) -> bool:
        return self.elements.get("metric", 0) > 0 and self.elements.get("plotly_chart", 0) > 0


async def open_session(port: int, query: str = "") -> Session:
    """One session on the default page, from opening the websocket to the end of a successful run."""
    started = time.perf_counter()
    elements: dict[str, int] = {}
    metrics: list[str] = []
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=120,
                                  additional_headers={"Origin": f"http://127.0.0.1:{port}"}) as socket:
        request = BackMsg()
        request.rerun_script.query_string = query
        await socket.send(request.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(socket.recv(), timeout=600))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element.WhichOneof("type")
                elements[element] = elements.get(element, 0) + 1
                if element == "metric":  # the bare page's st.metric
                    metrics.append(message.delta.new_element.metric.label)
                elif element == "html" and "minyi-card-label" in message.delta.new_element.html.body:
                    elements["metric"] = elements.get("metric", 0) + 1  # Minyi's cards: one HTML block
                    metrics.extend(re.findall(r'class="minyi-card-label">([^<]+)', message.delta.new_element.html.body))
                if element == "exception":
                    raise RuntimeError(f"the page raised: {message.delta.new_element.exception.message}")
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    break
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    elements, metrics = {}, []
                    continue
                raise RuntimeError(f"the script did not finish: status {message.script_finished}")
    session = Session(time.perf_counter() - started, elements, metrics)
    if not session.settled:
        raise RuntimeError(f"the overview did not show its metrics and chart: {elements}")
    return session


async def _together(port: int, count: int, query: str = "") -> list[float]:
    sessions = await asyncio.gather(*(open_session(port, query) for _ in range(count)))
    return [session.seconds for session in sessions]


def together(port: int, count: int, query: str = "") -> list[float]:
    return asyncio.run(_together(port, count, query))


def one(port: int, query: str = "") -> float:
    return asyncio.run(open_session(port, query)).seconds


def warm_up(port: int) -> None:
    """One session on another view of the overview (信访 only): modules imported, the database
    opened, the shared queries read, but the measured view (信访和投诉) not computed."""
    session = asyncio.run(open_session(port, OTHER_VIEW))
    if "投诉受理" in session.metrics:
        raise RuntimeError(f"the warm-up view is the measured one: {session.metrics}")


def server(entry: Path, database: Path | None, port: int, cwd: Path = PROJECT_ROOT):
    """`streamlit run entry` on 127.0.0.1:port (on `database`), stopped (by its own PID) on leaving."""
    return serving.streamlit_server(entry, port, {"MINYI_DB": str(database)} if database else {}, cwd)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-int(share * 100) * len(ordered) // 100) - 1))]


FIRST_HIT_VIEW = urllib.parse.urlencode({"township": "河口镇"})  # a view no session opened before


@dataclass
class Measured:
    label: str
    first_hit: float | None = None
    single: list[float] = field(default_factory=list)
    many_cold: list[float] = field(default_factory=list)
    many_warm: list[float] = field(default_factory=list)

    def line(self, count: int) -> str:
        first = f"first hit {self.first_hit:5.2f} s" if self.first_hit is not None else " " * 17
        cold = (f"{count} at once, cold p50 {statistics.median(self.many_cold):5.2f} p95 "
                f"{percentile(self.many_cold, 0.95):5.2f} s") if self.many_cold else " " * 37
        return (f"{self.label:9s} {first} | 1 session warm p50 {statistics.median(self.single):5.2f} s | {cold} | "
                f"{count} at once, warm p50 {statistics.median(self.many_warm):5.2f} p95 "
                f"{percentile(self.many_warm, 0.95):5.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--port", type=int, default=8626, help="and the next two, for the baselines")
    parser.add_argument("--out-dir", type=Path, default=PROJECT_ROOT / "bench" / "out")
    args = parser.parse_args()
    database = demo_database(args.out_dir, args.rows)
    count = args.sessions
    folder = Path(tempfile.mkdtemp(prefix="minyi-sessions-"))
    memo, plain, bare = Measured("memo on"), Measured("memo off"), Measured("bare page")
    try:
        without_memo = folder / "dashboard_without_view_memo.py"
        without_memo.write_text(NO_MEMO_ENTRY.format(root=str(PROJECT_ROOT), dashboard=str(PROJECT_ROOT / "dashboard.py")),
                                encoding="utf-8")
        ports = {memo.label: args.port, plain.label: args.port + 1, bare.label: args.port + 2}
        with server(PROJECT_ROOT / "dashboard.py", database, ports[memo.label]), \
                server(without_memo, database, ports[plain.label]), \
                server(bare_app.write(folder), None, ports[bare.label]):  # our .streamlit settings too
            for minyi in (memo, plain):
                warm_up(ports[minyi.label])
            one(ports[bare.label])
            for minyi in (memo, plain):
                minyi.first_hit = one(ports[minyi.label], FIRST_HIT_VIEW)
            for minyi in (memo, plain):  # the first sessions on the measured view: nothing memoised for it
                minyi.many_cold = together(ports[minyi.label], count)
            for _ in range(5):
                for measured in (memo, plain, bare):
                    measured.single.append(one(ports[measured.label]))
            for _ in range(3):
                for measured in (memo, plain, bare):
                    measured.many_warm += together(ports[measured.label], count)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"overview, default view, {args.rows:,} cases; seconds from opening a session to its settled page")
    for measured in (memo, plain, bare):
        print(measured.line(count))
    p95, p95_off, p95_bare = (percentile(m.many_warm, 0.95) for m in (memo, plain, bare))
    p95_cold, p95_cold_off = percentile(memo.many_cold, 0.95), percentile(plain.many_cold, 0.95)
    single = statistics.median(memo.single)
    print(f"\n{count} sessions at once, warm p95: memo on {p95:.2f} s, memo off {p95_off:.2f} s "
          f"({p95_off / p95:.1f}× faster with the memo); bare page {p95_bare:.2f} s "
          f"(the overview takes {p95 / p95_bare:.2f}× a bare page)")
    print(f"{count} sessions at once, cold memo p95: memo on {p95_cold:.2f} s, memo off {p95_cold_off:.2f} s "
          f"({p95_cold_off / p95_cold:.1f}×)")
    print(f"{count} at once against one alone (memo on, warm): p95 {p95:.2f} s ÷ p50 {single:.2f} s = {p95 / single:.1f}×")
    print(f"first hit of a view (one session, nothing memoised for it): memo on {memo.first_hit:.2f} s, "
          f"memo off {plain.first_hit:.2f} s")
    ok = max(p95, p95_cold) <= P95_TARGET_SECONDS
    print(f"target: {count} sessions at once, p95 ≤ {P95_TARGET_SECONDS:g} s (warm and cold memo): "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
