"""Charts drawn as print-ready PNG on the server, by kaleido driving the system Chromium.

Starting Chromium costs about two seconds, so one kaleido server is started on first use and
reused by every later export (the briefing pack draws several charts at once). Nothing may be
fetched from the internet: plotly.js comes from the installed plotly package and MathJax is
switched off. kaleido's server hands results back in call order, so calls from several
dashboard sessions are taken one at a time.

Size: charts are laid out at the width they have on screen and drawn at `SCALE`, so that at the
full text width of an A4 公文 page (版心 156 mm, GB/T 9704) they print at 310 dpi; at half that
width, twice as fine. The PNG records its dpi, so Word inserts it at the intended size.
"""

from __future__ import annotations

import collections
import hashlib
import io
import os
import shutil
import threading

import plotly.graph_objects as go
from PIL import Image

from minyi import config

LAYOUT_WIDTH_PX = 680      # CSS pixels: the width the chart fonts and margins are designed for
SCALE = 2.8                # device pixels per CSS pixel: 1,904 px wide
PRINT_WIDTH_MM = 156       # the A4 公文 text width the image is meant to fill
DPI = round(LAYOUT_WIDTH_PX * SCALE / (PRINT_WIDTH_MM / 25.4))
STARTUP_TIMEOUT_S = 60     # first render, including Chromium's start
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ChartExportError(RuntimeError):
    """Charts cannot be drawn as images here; the message says why in Chinese and what to do."""


_lock = threading.Lock()
_server_ready = False


def browser_path() -> str:
    """The Chromium to draw with: BROWSER_PATH, else the first browser on the PATH."""
    configured = config.BROWSER_PATH.value().strip()
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise ChartExportError(f"设置 BROWSER_PATH 指向的浏览器不存在或不可执行：{configured}。"
                                   "请改为本机 Chromium 的路径（如 /usr/bin/chromium）。")
        return configured
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ChartExportError("未找到 Chromium 浏览器，无法把图表生成图片。请安装 Chromium 和中文字体"
                           "（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk），"
                           "或用环境变量 BROWSER_PATH 指定浏览器路径。")


def _start_server() -> None:
    """Start the shared kaleido server once, and prove it draws: a Chromium that dies at start
    would otherwise leave kaleido waiting for ever."""
    global _server_ready
    import kaleido

    os.environ["BROWSER_PATH"] = browser_path()  # read by kaleido's browser launcher
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    outcome: dict[str, object] = {}

    def first_render() -> None:
        try:
            outcome["png"] = kaleido.calc_fig_sync(go.Figure(), opts={"format": "png", "width": 10, "height": 10})
        except Exception as error:  # reported below with the reason
            outcome["error"] = error

    worker = threading.Thread(target=first_render, daemon=True)
    worker.start()
    worker.join(STARTUP_TIMEOUT_S)
    if "png" not in outcome:
        kaleido.stop_sync_server(silence_warnings=True)
        reason = outcome.get("error", f"{STARTUP_TIMEOUT_S}秒内没有响应")
        raise ChartExportError(f"Chromium（{os.environ['BROWSER_PATH']}）未能启动，无法生成图片：{reason}")
    _server_ready = True


MEMO_ENTRIES = 64
_memo: collections.OrderedDict[str, bytes] = collections.OrderedDict()


def to_png(figure: go.Figure) -> bytes:
    """The figure as a PNG for print: LAYOUT_WIDTH_PX wide at SCALE, its own height, DPI recorded.
    The same figure drawn again (a Word file after the ZIP) comes from a memo."""
    import kaleido

    spec = figure.to_json()
    key = hashlib.sha256(spec.encode()).hexdigest()
    height = int(figure.layout.height or 450)
    with _lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
        if not _server_ready:
            _start_server()
        drawn = kaleido.calc_fig_sync(figure, opts={"format": "png", "width": LAYOUT_WIDTH_PX, "height": height,
                                                    "scale": SCALE})
        _memo[key] = with_dpi(drawn, DPI)
        while len(_memo) > MEMO_ENTRIES:
            _memo.popitem(last=False)
        return _memo[key]


def with_dpi(png: bytes, dpi: int) -> bytes:
    """The same pixels with their print resolution recorded (PNG pHYs)."""
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).save(out, format="PNG", dpi=(dpi, dpi), optimize=False)
    return out.getvalue()


def stop() -> None:
    """Stop the shared server and forget drawn charts (tests and benchmarks; the dashboard keeps
    the server for its lifetime)."""
    global _server_ready
    import kaleido

    with _lock:
        _memo.clear()
        if _server_ready:
            kaleido.stop_sync_server(silence_warnings=True)
            _server_ready = False
