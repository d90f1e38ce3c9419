"""Charts drawn as print-ready PNG on the server, by kaleido driving the system Chromium.

Starting Chromium costs about two seconds, so one kaleido server is started on first use and
reused by every later export (the briefing pack draws several charts at once). Nothing may be
fetched from the internet: plotly.js comes from the installed plotly package and MathJax is
switched off. kaleido's server hands results back in call order, so calls from several
dashboard sessions are taken one at a time.

Size: charts are laid out LAYOUT_WIDTH_PX wide, about a dashboard column, and drawn at `SCALE`,
so that at the full text width of an A4 公文 page (版心 156 mm, GB/T 9704) they print at 310 dpi
with no chart text under 9 pt (the smallest, 12 px, is 9.5 pt; see `print_points`); at half that
width, twice as fine. The PNG records its dpi, so Word inserts it at the intended size.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import io
import os
import shutil
import subprocess
import threading
from pathlib import Path

import plotly
import plotly.graph_objects as go
from PIL import Image

from minyi import config

LAYOUT_WIDTH_PX = 560      # CSS pixels: the width the chart is laid out at; its 12 px text prints at 9.5 pt
SCALE = 3.4                # device pixels per CSS pixel: 1,904 px wide
PRINT_WIDTH_MM = 156       # the A4 公文 text width the image is meant to fill
DPI = round(LAYOUT_WIDTH_PX * SCALE / (PRINT_WIDTH_MM / 25.4))
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def print_points(css_px: float) -> float:
    """The size in points that chart text of `css_px` prints at on the full A4 text width."""
    return css_px * PRINT_WIDTH_MM / LAYOUT_WIDTH_PX / 25.4 * 72


class ChartExportError(RuntimeError):
    """Charts cannot be drawn as images here; the message says why in Chinese and what to do."""


PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"  # never the CDN copy
VERSION_TIMEOUT_S = 15     # `chromium --version`, the check before the server starts
STARTUP_TIMEOUT_S = 60     # the first render, including Chromium's start
RENDER_TIMEOUT_S = 120     # any later render
MEMO_ENTRIES = 64

_lock = threading.Lock()
_server_ready = False
_broken: str | None = None  # why drawing stopped working in this process; kaleido's thread may be stuck
_memo: collections.OrderedDict[str, bytes] = collections.OrderedDict()


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


@functools.lru_cache(maxsize=4)
def _runs(path: str) -> None:
    """Fail fast on a browser that does not run at all, before kaleido would wait for it."""
    try:
        done = subprocess.run([path, "--version"], capture_output=True, timeout=VERSION_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ChartExportError(f"浏览器 {path} 无法运行：{error}") from None
    if done.returncode != 0:
        raise ChartExportError(f"浏览器 {path} 无法运行（退出码 {done.returncode}）："
                               f"{done.stderr.decode(errors='replace').strip()[:200]}")


def problem() -> str | None:
    """Why charts cannot be drawn here, in Chinese, or None when they can (as far as can be
    told without drawing); cheap after the first call, for a page to show before any click."""
    if _broken:
        return _broken
    try:
        _runs(browser_path())
    except ChartExportError as error:
        return str(error)
    return None


def _within(seconds: float, work, what: str):
    """`work()` on a helper thread, given up after `seconds`. kaleido's server can wait for ever on
    a browser that died; then drawing is switched off for this process instead of blocking every
    later export (and the thread that called)."""
    global _broken
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as error:  # handed to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if "value" in outcome:
        return outcome["value"]
    if "error" in outcome:
        raise ChartExportError(f"{what}失败：{outcome['error']}")
    _broken = f"{what}在{seconds:g}秒内没有完成，Chromium 可能已失去响应；请检查浏览器后重启看板。"
    raise ChartExportError(_broken)


def _start_server() -> None:
    """Start the shared kaleido server once and prove it draws."""
    global _server_ready
    import kaleido

    path = browser_path()
    _runs(path)
    kaleido.start_sync_server(mathjax=False, plotlyjs=str(PLOTLY_JS), path=path, silence_warnings=True)
    _within(STARTUP_TIMEOUT_S, lambda: kaleido.calc_fig_sync(go.Figure(), opts={"format": "png", "width": 10,
                                                                               "height": 10}),
            f"启动 Chromium（{path}）")
    _server_ready = True


def to_png(figure: go.Figure, width: int = LAYOUT_WIDTH_PX, scale: float = SCALE, dpi: int = DPI) -> bytes:
    """The figure as a PNG for print: `width` CSS pixels wide at `scale`, its own height, `dpi`
    recorded (by default LAYOUT_WIDTH_PX at SCALE, for the full A4 text width). The same figure
    drawn again (a Word file after the ZIP) comes from a memo."""
    import kaleido

    options = {"format": "png", "width": width, "height": int(figure.layout.height or 450), "scale": scale}
    key = hashlib.sha256((figure.to_json() + repr(sorted(options.items())) + str(dpi)).encode()).hexdigest()
    with _lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
        if _broken:
            raise ChartExportError(_broken)
        if not _server_ready:
            _start_server()
        drawn = _within(RENDER_TIMEOUT_S, lambda: kaleido.calc_fig_sync(figure, opts=options), "生成图表图片")
        _memo[key] = with_dpi(drawn, dpi)
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
        if _server_ready and not _broken:  # a stuck server thread would never join
            kaleido.stop_sync_server(silence_warnings=True)
            _server_ready = False
