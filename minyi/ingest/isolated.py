"""An import in a child process with a memory ceiling, so that no file can take down whoever asked.

A workbook can make its reader ask for hundreds of GiB (python-calamine aborts the whole process
when an allocation fails), and a giant cell can drive memory to several GiB. Run in the dashboard's
own process, either would end every viewer's session. So the upload box, and the command line,
run `publish.import_and_publish` in a fresh child process whose address space is capped
(MINYI_IMPORT_MEMORY_MB) and whose files are created owner-only; whatever happens there, the
parent gets a result or a Chinese error, and a copy the child left half-written is removed.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.spawn
import os
import queue
import resource
import signal
import traceback
import uuid
from pathlib import Path
from typing import Any, Callable

from minyi import config, db, snapshot_files
from minyi.ingest.mapping import ExportError

log = logging.getLogger(__name__)

# Owner-only files for everything an import writes (snapshots, their WAL, quarantine files).
PRIVATE_UMASK = 0o077


class ImportCrashed(ExportError):
    """The child process ended without a result: killed, out of memory or failed unexpectedly.
    The message is Chinese and says the database is unchanged; details go to the server's log."""


IMPORT_PROCESS = "minyi-import"  # the child's name, by which its start is told apart
_preparation_data = multiprocessing.spawn.get_preparation_data


def _without_main_script(name: str) -> dict:
    """What a spawned child is told to set up, without the parent's `__main__` for an import child.
    Spawn runs the parent's main script again in the child before its target; under Streamlit that
    is dashboard.py (its script runner installs each run's script as `__main__`), so the child would
    draw a page in bare mode, build a demo or open ClickHouse (whose chdb folder the parent holds)
    before importing. The target lives in a module of its own: the child needs nothing from
    `__main__`. Decided by the child's name, so that sessions swapping `__main__` meanwhile (every
    Streamlit run does) cannot bring it back."""
    data = _preparation_data(name)
    if name == IMPORT_PROCESS:
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


multiprocessing.spawn.get_preparation_data = _without_main_script  # read through the module when a child starts


def run_import(db_path: Path, files: list[Path], progress: Callable[[int, int, str], None] | None = None,
               **options: Any):
    """`publish.import_and_publish(db_path, files, **options)` in a child process; its `Published`,
    or an `ExportError` (the child's own, or `ImportCrashed`)."""
    from minyi.ingest.publish import import_and_publish

    return run_in_child(import_and_publish, db_path, files, progress, **options)


def run_in_child(target: Callable, db_path: Path, files: list[Path],
                 progress: Callable[[int, int, str], None] | None = None, **options: Any):
    """`target(db_path, files, progress=..., **options)` (a module-level function) in a fresh
    child process under the memory ceiling, as run_import does."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no server threads, no locks held
    messages = context.Queue()
    child = context.Process(target=_child, args=(messages, config.import_memory_bytes(), target, db_path, files,
                                                 options), name=IMPORT_PROCESS, daemon=True)
    child.start()
    outcome, interrupted = None, None
    try:
        while outcome is None:
            try:
                kind, payload = messages.get(timeout=0.25)
            except queue.Empty:
                if not child.is_alive():
                    outcome = _last_word(messages) or ("died", child.exitcode)
                continue
            if kind != "progress":
                outcome = (kind, payload)
            elif progress and interrupted is None:
                try:
                    progress(*payload)
                except BaseException as reason:  # noqa: BLE001  a click reruns the page: the import goes on
                    interrupted = reason
    finally:
        child.join(timeout=30)
        if child.is_alive():
            child.kill()
            child.join()
        messages.close()
    if interrupted is not None:  # the page asked to rerun: the import has finished, let the rerun happen
        raise interrupted
    kind, payload = outcome
    if kind == "done":
        return payload
    if kind == "refused":
        raise ExportError(payload)
    snapshot_files.discard_unpublished(db_path)  # a child that died mid-import leaves its copy behind
    raise ImportCrashed(_crash_message(kind, payload))


def _last_word(messages) -> tuple[str, Any] | None:
    """The result a child put on the queue just before ending (the pipe may deliver it late)."""
    try:
        while True:
            kind, payload = messages.get(timeout=0.5)
            if kind != "progress":
                return kind, payload
    except queue.Empty:
        return None


def _crash_message(kind: str, payload: Any) -> str:
    limit = f"{config.IMPORT_MEMORY_MB.name}={config.IMPORT_MEMORY_MB.value()}"
    if kind == "out of memory":
        return f"导入所需内存超过上限（{limit}），已停止，数据库未改变。请把文件拆小后分批导入，或请管理员调高该设置。"
    if kind == "failed":
        return f"导入程序出错，已停止，数据库未改变（错误编号 {payload}，详情见服务器日志）。"
    if payload in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
        return (f"导入进程异常终止（多半是文件占用内存超过上限 {limit}，或文件已损坏），数据库未改变。"
                "请检查文件后重试。")
    return f"导入进程意外退出（退出码 {payload}），数据库未改变。"


def _child(messages, memory_bytes: int, target: Callable, db_path: Path, files: list[Path],
           options: dict[str, Any]) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    db.memory_limit = f"{memory_bytes // 2 // 2**20}MiB"  # DuckDB spills to disk before the cap, not after
    os.umask(PRIVATE_UMASK)
    from minyi.config import SettingError
    from minyi.workdays import HolidaysFileError

    try:
        result = target(db_path, files, progress=lambda *step: messages.put(("progress", step)), **options)
    except (ExportError, HolidaysFileError, SettingError) as error:  # Chinese, for the user as they are
        messages.put(("refused", str(error)))
    except MemoryError:
        messages.put(("out of memory", None))
    except Exception as error:  # noqa: BLE001  every other failure reaches the parent as a number, not a traceback
        if "out of memory" in str(error).lower():  # duckdb.OutOfMemoryException
            messages.put(("out of memory", None))
            return
        number = uuid.uuid4().hex[:8]
        log.error("import failed (错误编号 %s)\n%s", number, traceback.format_exc())
        messages.put(("failed", number))
    else:
        messages.put(("done", result))
