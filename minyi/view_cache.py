"""A memo of the computed views (the overview's cards, a ranking table, a trend series), shared by
every session of the dashboard.

When twenty leaders open the same link, each session would otherwise rebuild the same cards and
tables from the same query results: pandas work of a few hundred milliseconds each, serialised
by Python's lock on a 2-core server. A view is a function of the snapshot it reads (a published
snapshot never changes, and an import publishes a new file: a new key), of its arguments (the
whole Scope, the Policy, the ranking rule, ...) and of the settings (MINYI_* variables), so it is
computed once per key and handed out as a copy. Two sessions asking for the same view at the same
moment compute it once: the second waits for the first.

Only calls on a `db.SnapshotReader` are memoised; on a plain connection (an import, a test
fixture built in the same transaction) the function simply runs.
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import datetime as dt
import functools
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

ENTRIES = 256  # views kept across all sessions (least recently used dropped first)

Function = TypeVar("Function", bound=Callable[..., Any])

_memo: collections.OrderedDict[tuple, Any] = collections.OrderedDict()
_pending: dict[tuple, threading.Event] = {}  # keys being computed now, and the event their waiters wait on
_lock = threading.Lock()
# One copy of a memoised figure at a time: go.Figure(figure) pops each trace's "type" from the
# figure it copies and restores it afterwards, so two sessions copying one figure at once could
# each build the other's traces as scatter ("Invalid value ... 'textposition' property of
# scatter", seen with twenty sessions opening the overview together).
_copying = threading.Lock()


def memoised(function: Function) -> Function:
    """Memoise `function(con, ...)` per snapshot of `con`, arguments and settings. The arguments
    must be plain values, frozen dataclasses, or lists and dicts of them (a DataFrame argument is
    refused with a TypeError). Callers get a copy, so changing what they got changes no memo."""

    @functools.wraps(function)
    def memo(con, *args, **kwargs):
        snapshot = getattr(con, "snapshot", None)
        if snapshot is None:
            return function(con, *args, **kwargs)
        key = (snapshot, function.__module__, function.__qualname__, _frozen(args), _frozen(kwargs), _settings())
        return _copied(_get_or_compute(key, lambda: function(con, *args, **kwargs)))

    return memo  # type: ignore[return-value]


def figure(builder: Callable[..., Any], *args: Any, **kwargs: Any):
    """`builder(*args, **kwargs)`, a chart builder (a pure function of its arguments), memoised by
    the content of its arguments: DataFrames by their values, index, columns and types. Building a
    Plotly figure validates every property and costs more than copying one, so a page showing the
    same view to many sessions builds each chart once. `builder` must be a module-level function
    (its module and name are the key). Returns a copy (the page may change it)."""
    import plotly.graph_objects as go

    key = ("figure", builder.__module__, builder.__qualname__, _frozen(args, by_content=True),
           _frozen(kwargs, by_content=True), _settings())
    shared = _get_or_compute(key, lambda: builder(*args, **kwargs))
    with _copying:  # plotly reads its input by taking each trace's "type" out and putting it back
        return go.Figure(shared)


def _get_or_compute(key: tuple, compute: Callable[[], Any]) -> Any:
    while True:
        with _lock:
            if key in _memo:
                _memo.move_to_end(key)
                return _memo[key]
            waiting = _pending.get(key)
            if waiting is None:
                _pending[key] = threading.Event()
                break
        waiting.wait()  # another session computes this view; if it failed, try again ourselves
    try:
        value = compute()
        with _lock:
            _memo[key] = value
            while len(_memo) > ENTRIES:
                _memo.popitem(last=False)
        return value
    finally:
        with _lock:
            _pending.pop(key).set()


def clear() -> None:
    """Forget every view (the page benchmark times first visits)."""
    with _lock:
        _memo.clear()


_IMMUTABLE = (str, int, float, bool, type(None), bytes, frozenset, dt.date, dt.datetime, dt.time, pd.Timestamp)


def _copied(value: Any) -> Any:
    """A copy sharing nothing mutable with `value`: DataFrames copied, lists and dicts rebuilt,
    a (frozen) dataclass rebuilt around copied fields; strings, numbers and dates shared. Much
    cheaper than copy.deepcopy on the cards and tables of a view."""
    if isinstance(value, _IMMUTABLE):
        return value
    if isinstance(value, (pd.DataFrame, pd.Series, pd.Index, np.ndarray)):
        return value.copy()
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, tuple) and type(value) is tuple:
        return tuple(_copied(item) for item in value)
    if isinstance(value, dict) and type(value) is dict:
        return {key: _copied(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        duplicate = copy.copy(value)
        for field in dataclasses.fields(value):
            object.__setattr__(duplicate, field.name, _copied(getattr(value, field.name)))
        return duplicate
    return copy.deepcopy(value)


def _settings() -> tuple[tuple[str, str], ...]:
    """The MINYI_* settings in force: a rate's 口径 or a ranking weight changes the view."""
    return tuple(sorted((name, value) for name, value in os.environ.items() if name.startswith("MINYI_")))


def _frozen(value: Any, by_content: bool = False) -> Any:
    """A hashable stand-in for an argument, equal for equal arguments; with `by_content`, a
    DataFrame or Series stands for its values (else it is refused: views take plain values)."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((_frozen(k), _frozen(v, by_content)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_frozen(item, by_content) for item in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(_frozen(item, by_content) for item in value)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__, tuple((field.name, _frozen(getattr(value, field.name), by_content))
                                                for field in dataclasses.fields(value)))
    if by_content and isinstance(value, (pd.DataFrame, pd.Series)):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        return ("frame", tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)), str(frame.index.dtype),
                pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    hash(value)  # a DataFrame or another unhashable value: refuse rather than key on its identity
    return (type(value).__name__, value)
