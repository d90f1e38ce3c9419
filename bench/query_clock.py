"""The time a page's script run spends in DuckDB, for the page benchmarks."""

from __future__ import annotations

import time

from minyi import db


class QueryClock:
    """Wraps db.run to add up the time spent in DuckDB during one script run."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._run = db.run

    def __enter__(self) -> "QueryClock":
        def timed(con, name, /, **params):
            started = time.perf_counter()
            try:
                return self._run(con, name, **params)
            finally:
                self.seconds += time.perf_counter() - started
        db.run = timed
        return self

    def __exit__(self, *_) -> None:
        db.run = self._run


def timed_run(app, page: str, cold: bool = True) -> tuple[float, float]:
    """One AppTest script run as a first visit of its view (the query and view memos emptied), or
    with `cold` False as a later visit (memos kept): its wall seconds and the seconds spent in
    DuckDB; a page that raised ends the benchmark."""
    from minyi import view_cache

    if cold:
        db._memo.clear()
        view_cache.clear()
    with QueryClock() as clock:
        started = time.perf_counter()
        app.run()
        seconds = time.perf_counter() - started
    if app.exception:
        raise SystemExit(f"{page} failed: {app.exception}")
    return seconds, clock.seconds
