"""Streamlit glue shared by every page: the database connection and the dataset banner.

The connection is cached per published snapshot file, so the first rerun after an import
opens the new snapshot while sessions still mid-query finish on the old one. On ClickHouse
(MINYI_BACKEND=clickhouse://… or chdb://DIR) the pages read the ClickHouse copy of that snapshot,
made on the first run that sees it (minyi.clickhouse_loads.published), so the same holds there. When no
database exists yet, the demo county is generated once, on first start, however many
browsers open at that moment (a lock file; the others show the builder's progress).
"""

from __future__ import annotations

import datetime as dt

import fcntl
import threading
import time
from pathlib import Path
from typing import Callable

import duckdb
import streamlit as st
from streamlit.logger import get_logger
from streamlit.runtime.pages_manager import PagesManager

from minyi import backends, config, dataset, db, display, filters, snapshot_files
from minyi.security import signin

_LOG = get_logger(__name__)


@st.cache_resource(max_entries=3, show_spinner=False)
def _snapshot_connection(snapshot: str) -> duckdb.DuckDBPyConnection:
    return db.connect(snapshot, read_only=True)


def ready() -> None:
    """The configured database exists and is current (dashboard.py, after the menu is sent); on
    ClickHouse, its copy there too, or a Chinese message instead of the pages when the setting is
    wrong or ClickHouse cannot be reached."""
    ensure_database(config.db_path())
    try:
        if _target() is not None:
            connection()
    except (config.SettingError, backends.BackendUnavailable) as error:
        st.error(str(error), icon=":material/error:")
        st.stop()
    except Exception as error:  # connected, but the server refused a load (rights, disk, ...)
        if not backends.is_client_error(error):
            raise
        st.error(f"无法读取 ClickHouse（{_target().label()}）：{error}", icon=":material/error:")
        st.stop()


def ensure_database(path: Path) -> None:
    """Generate the demo on first start, and again over a demo of an older generator; bring a
    database from an older version up to date."""
    snapshot = snapshot_files.current_snapshot(path)
    if snapshot is None or _outdated_demo(str(snapshot)):
        build_demo_once(path)
    elif not _derived_current(str(snapshot)):
        from minyi.ingest.publish import refresh_derived

        with st.spinner("正在为新版本整理数据库（只需一次）……"):
            refresh_derived(path)


DEMO_WAIT_POLL_S = 0.5


def build_demo_once(path: Path) -> None:
    """The first-start demo with a progress bar. Whoever takes the lock file builds (and writes
    each step into it); a browser that opens meanwhile waits on the lock and shows the builder's
    steps, then finds the database published and builds nothing."""
    from minyi.demo import build_demo

    path.parent.mkdir(parents=True, exist_ok=True)
    bar = st.progress(0.0, text="首次启动：正在生成演示数据……")
    with open(path.parent / f"{path.name}.demo.lock", "a+", encoding="utf-8") as lock:
        while not _try_lock(lock):
            share, step = _read_step(lock)
            bar.progress(share, text=f"首次启动：正在生成演示数据（另一窗口已开始）……{step}")
            time.sleep(DEMO_WAIT_POLL_S)
        try:
            snapshot = snapshot_files.current_snapshot(path)
            if snapshot is None or dataset.outdated_demo(snapshot):
                def told(share: float, step: str) -> None:
                    lock.seek(0)
                    lock.truncate()
                    lock.write(f"{share:.2f} {step}")
                    lock.flush()
                    bar.progress(share, text=f"首次启动：正在生成演示数据……{step}")
                _LOG.info("building the demo database at %s", path)
                build_demo(path, progress=told)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    bar.empty()


def _try_lock(lock) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _read_step(lock) -> tuple[float, str]:
    lock.seek(0)
    share, _, step = lock.read().partition(" ")
    try:
        return min(max(float(share), 0.0), 1.0), step
    except ValueError:
        return 0.0, ""


@st.cache_data(max_entries=3, show_spinner=False)
def _outdated_demo(snapshot: str) -> bool:
    return dataset.outdated_demo(Path(snapshot))


@st.cache_data(max_entries=3, show_spinner=False)
def _derived_current(snapshot: str) -> bool:
    return dataset.derived_tables_current(Path(snapshot))


def _current_snapshot() -> str:
    """The snapshot this script run reads, resolved once per run (dashboard.py forgets it at the
    start of each): a page asks for it a dozen times, and under many sessions every file-system
    call waits for the interpreter lock. Each rerun reads the link again, so the first rerun after
    an import opens the new snapshot."""
    path = config.db_path()
    resolved = getattr(_run, "snapshot", None)
    if resolved is None or resolved[0] != path:
        ensure_database(path)
        resolved = _run.snapshot = (path, str(snapshot_files.current_snapshot(path)))
    return resolved[1]


def _target():
    """The ClickHouse target MINYI_BACKEND names, or None for DuckDB: parsed once per script run,
    like the snapshot (a page asks for it on every query)."""
    setting = config.BACKEND.value()
    resolved = getattr(_run, "target", None)
    if resolved is None or resolved[0] != setting:
        resolved = _run.target = (setting, backends.clickhouse_target())
    return resolved[1]


def connection() -> db.SnapshotReader:
    """A cursor on the current snapshot, for this script run (cursors are per thread; one freed by
    an ended run is reused); on ClickHouse, the store every session shares."""
    snapshot = _current_snapshot()
    if _target() is not None:
        return _clickhouse_store(snapshot, config.BACKEND.value())
    return _cursor_pool(snapshot).reader()


@st.cache_resource(max_entries=3, show_spinner="正在把最新数据复制到 ClickHouse……")
def _clickhouse_store(snapshot: str, backend: str):
    """The ClickHouse copy of a snapshot (made now if no earlier run made it), shared by every session."""
    from minyi import clickhouse_loads

    return clickhouse_loads.published(backends.clickhouse_target(), Path(snapshot))


def backend_line() -> str | None:
    """Where the pages read from, when it is not the DuckDB database itself (the 数据 page says so)."""
    target = _target()
    if target is None:
        return None
    store = _clickhouse_store(_current_snapshot(), config.BACKEND.value())
    return (f"各页数字读取自 ClickHouse（{target.label()}，库 {store.database}）："
            f"每次导入写入 {config.db_path()} 后，看板在下一次打开页面时把导入改动的月份复制过去，"
            "其余月份沿用上一份副本。")


def _reader_of(snapshot: str):
    """A reader of a snapshot on the configured backend (for the per-snapshot facts and choices)."""
    if _target() is not None:
        return _clickhouse_store(snapshot, config.BACKEND.value())
    return db.cursor(_snapshot_connection(snapshot))


@st.cache_resource(max_entries=3, show_spinner=False)
def _cursor_pool(snapshot: str) -> db.CursorPool:
    return db.CursorPool(_snapshot_connection(snapshot), snapshot)


def later_reader() -> Callable[[], db.SnapshotReader]:
    """For work done after this script run, on Streamlit's own thread (an Excel download generated
    when clicked): a function that opens its own cursor on this run's snapshot, since a cursor
    must not be shared between threads."""
    snapshot = _current_snapshot()
    if _target() is not None:
        store = _clickhouse_store(snapshot, config.BACKEND.value())  # shared by threads
        return lambda: store
    base = _snapshot_connection(snapshot)
    return lambda: db.SnapshotReader(db.cursor(base), snapshot)


@st.cache_data(max_entries=3, show_spinner=False)
def _facts_of(snapshot: str, backend: str) -> dict[str, str]:
    return dataset.describe(_reader_of(snapshot))


def dataset_facts() -> dict[str, str]:
    """The current snapshot's meta facts; read once per snapshot, not on every rerun."""
    return _facts_of(_current_snapshot(), config.BACKEND.value())


_run = threading.local()


def entry_point_ran() -> None:
    """Called by dashboard.py on every run, before it hands over to the page."""
    _run.through_entry_point = True
    _run.snapshot = None
    _run.target = None


def _through_entry_point() -> None:
    """Streamlit takes a folder named `pages/` for old-style auto pages until the first run of
    dashboard.py calls st.navigation; a link straight to a page, opened first after a server
    start, would then run the page alone (no page config, file names as the menu). Such a run
    is redone through dashboard.py."""
    ran = getattr(_run, "through_entry_point", False)
    _run.through_entry_point = False
    if not ran:
        PagesManager.uses_pages_directory = False
        st.rerun()


def url_choice(key: str, options: dict[str, str]) -> bool:
    """A link may name a bound choice by its key (?rank_by=department) where the widget writes its
    label (?rank_by=承办部门), which Streamlit alone would drop: the key goes into the widget's
    state before it is drawn. True when it did, and the widget is then drawn without a default
    (Streamlit warns when a widget has both)."""
    value = st.query_params.get(key)
    if value in options and key not in st.session_state:
        st.session_state[key] = value
        return True
    return False


def page_start(title: str, period: str | None = None) -> duckdb.DuckDBPyConnection:
    """Every page begins here: the demo marker (so a screenshot never passes for real data),
    the title with the county and how recent the data is, the printed pages' header (county,
    `period`, 数据截至), and this run's database cursor."""
    _through_entry_point()
    return _headed(title, period)


def _headed(title: str, period: str | None, records: str = "cases") -> duckdb.DuckDBPyConnection:
    facts = dataset_facts()
    choices = _choices(records)
    if facts.get("dataset_kind") == dataset.DEMO:
        display.demo_marker(f"演示数据：{facts.get('county', '虚构县')}的数字均为程序生成，仅供演示，不代表任何真实地区。")
    st.title(title)
    st.markdown(f":gray[{display.plain(header_line(facts, choices))}]")
    display.print_header(title, dataset.county_name(facts), period, data_end(choices))
    return connection()


def header_line(facts: dict[str, str], choices: filters.Choices) -> str:
    """The line under every page title: the county and the data's end (青岚县　数据截至2012年9月30日)."""
    return f"{dataset.county_name(facts)}　{data_end(choices)}"


def data_end(choices: filters.Choices) -> str:
    last = choices.last_day
    return f"数据截至{last.year}年{last.month}月{last.day}日" if last is not None else "尚无案件数据"


def _choices(records: str = "cases") -> filters.Choices:
    """The current snapshot's filter choices and span of `records` (cases, grid, service)."""
    return _choices_of(_current_snapshot(), config.BACKEND.value(), records)


@st.cache_data(max_entries=6, show_spinner=False)
def _choices_of(snapshot: str, backend: str, records: str = "cases") -> filters.Choices:
    return filters.read_choices(_reader_of(snapshot), records)


# What a page says when the database holds none of the records it is about.
NOTHING_YET = {
    "cases": "数据库中还没有案件。请在“数据”页上传导出文件，或运行 `python -m minyi import 文件`。",
    "grid": "还没有网格事件。请在“数据”页上传网格化服务管理平台的事件导出文件，或运行 `python -m minyi import 事件导出.xlsx --kind grid`。",
    "service": "还没有便民服务办件。请在“数据”页上传政务服务平台的办件导出文件，或运行 `python -m minyi import 办件导出.xlsx --kind service`。",
}


def scoped_page(title: str, records: str = "cases") -> tuple[duckdb.DuckDBPyConnection, filters.View]:
    """A page that analyses cases (or, with `records` grid or service, grid events or 办件, whose
    own span the sidebar then offers): the banner and title, the shared sidebar filters, and a
    friendly stop when the database holds none of them yet."""
    _through_entry_point()
    account = signin.current()
    view = filters.sidebar_view(_choices(records),
                                {account.scope_kind: account.unit} if account.unit else None)
    con = _headed(title, view.scope.label() if view is not None else None, records)
    if view is None:
        st.info(NOTHING_YET[records], icon=":material/info:")
        st.stop()
    if view.outside_data():  # no numbers at all rather than zeros and a guessed backlog
        st.info(display.plain(view.outside_data()), icon=":material/event_busy:")
        st.stop()
    return con, view


def data_span() -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of any record: cases, grid events or 办件 (the 考核 page's periods)."""
    spans = [_choices(records) for records in ("cases", "grid", "service")]
    firsts = [span.first_day for span in spans if span.first_day is not None]
    lasts = [span.last_day for span in spans if span.last_day is not None]
    return (min(firsts), max(lasts)) if firsts else (None, None)


def data_source(scope_source: str | None = None) -> str:
    """The data-source line of a chart: the county and the systems its exports come from."""
    return dataset.source_line(dataset_facts(), scope_source)
