"""Exclusive wall time per import stage, so the benchmark can say where an import's seconds go."""

from __future__ import annotations

import contextlib
import functools
import time
from collections import defaultdict
from typing import Callable, Iterator

from minyi import db
from minyi.ingest import csv_reader, pipeline, plans, readers, workbook_reader


class StageClock:
    """Exclusive wall time per import stage, by wrapping the functions the importer calls.

    Each SQL file run through `db.execute`/`db.run` is its own stage; time spent inside
    `import_files` but in no wrapped call is reported as "other", and time outside it
    (copying the previous snapshot, checkpoint, atomic rename) as publishing.
    """

    WRAPPED = [
        (csv_reader, "_decode_csv", "read: decode bytes"),
        (csv_reader, "decode_csv", "read: decode bytes"),
        (csv_reader, "choose_header", "read: header detection"),
        (workbook_reader, "choose_header", "read: header detection"),
        (readers, "read_csv", "read: CSV head + parse (pyarrow)"),
        (readers, "read_workbook", "read: workbook (calamine, cell text)"),
        (plans, "read_export", "read: other"),
        (plans, "plan_columns", "column plan"),
        (pipeline, "field_table", "field table (blank rows)"),
        (pipeline, "_prepare_session", "session (macros, aliases)"),
        (pipeline, "_ensure_calendar", "calendar"),
        (pipeline, "rejected_rows", "rejected rows (messages)"),
        (pipeline, "write_quarantine", "quarantine file"),
        (pipeline, "load_table", "other: register, problems query"),
        (pipeline, "import_files", "other: import_files"),
    ]

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self._children: list[float] = []

    def wrap(self, label: str | Callable[..., str], function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            self._children.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = self._children.pop()
                name = label(*args, **kwargs) if callable(label) else label
                self.totals[name] += elapsed - inner
                if self._children:
                    self._children[-1] += elapsed

        return wrapper

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        wrapped = [(module, attr, label) for module, attr, label in self.WRAPPED if hasattr(module, attr)]
        originals = [(module, attr, getattr(module, attr)) for module, attr, _ in wrapped]
        originals += [(db, "execute", db.execute), (db, "run", db.run)]
        try:
            for module, attr, label in wrapped:
                setattr(module, attr, self.wrap(label, getattr(module, attr)))
            for attr in ("execute", "run"):
                setattr(db, attr, self.wrap(lambda con, name, **_: f"sql: {name}", getattr(db, attr)))
            yield
        finally:
            for module, attr, original in originals:
                setattr(module, attr, original)

    def breakdown(self, total: float) -> dict[str, float]:
        stages = dict(self.totals)
        inside = sum(stages.values())
        stages["publish: open, checkpoint, rename"] = total - inside
        return stages
