"""A `streamlit run` of the benches' own: started on 127.0.0.1, waited for until healthy, stopped
by its own PID on leaving (shared by bench/browser.py and bench/sessions.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STREAMLIT = Path(sys.executable).parent / "streamlit"


@contextmanager
def streamlit_server(script: Path, port: int, env: dict[str, str], cwd: Path) -> Iterator[str]:
    """`streamlit run script` on 127.0.0.1:port with `env` added; yields its URL."""
    process = subprocess.Popen([str(STREAMLIT), "run", str(script), "--server.address", "127.0.0.1",
                                "--server.port", str(port), "--server.headless", "true"],
                               cwd=cwd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start: {process.stderr.read().decode()[-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
