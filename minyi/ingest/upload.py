"""The 数据 page's upload box without Streamlit: uploaded bytes in, one verdict out.

The page only shows the verdict (error, warning or success, with its text); keeping the decision
here lets a test drive an upload, mapping file included, without a browser.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from minyi.config import SettingError
from minyi.ingest import isolated
from minyi.security import audit
from minyi.ingest.mapping import ExportError, Mapping, parse_mapping
from minyi.ingest.publish import DEMO_REPLACED
from minyi.ingest.summary import report_text


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name as the user's computer called it, and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Verdict:
    """What the page shows: `level` is error (nothing or too little imported), warning (imported,
    with files skipped or counts not reconciling) or success; `notes` go above it (demo replaced);
    `published` says whether a new snapshot holds the import (worth a refresh); `rows_imported`
    how many rows it holds (for the audit)."""

    level: str
    text: str
    notes: tuple[str, ...] = ()
    published: bool = False
    rows_imported: int = 0

    @property
    def outcome(self) -> str:
        return {"error": "失败", "warning": "完成（有警告）", "success": "成功"}[self.level]


# A file name's bytes as most file systems allow (255), less room for the quarantine's ".rejected.csv".
MAX_NAME_BYTES = 200


def safe_file_name(name: str) -> str:
    """The uploaded file's own name, without folders, and shortened (its extension kept) where the
    file system would refuse it; messages and the quarantine then name the file as the user knows it."""
    name = Path(name.replace("\\", "/")).name.strip()
    if name in {"", ".", ".."}:
        name = "上传文件"
    stem, suffix = Path(name).stem, Path(name).suffix[:16]
    while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem or "上传文件") + suffix


def run_upload(
    db_path: Path,
    uploads: list[Upload],
    mapping_file: Upload | None = None,
    kind: str | None = None,
    source: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    actor: str = "（未登录）",
    limited_to: tuple[str, str] | None = None,
) -> Verdict:
    """Import the uploaded exports as the nightly job would, with the uploaded mapping file if any.

    A mapping file that cannot be read, or an export that cannot be imported at all, leaves the
    database unchanged (level error); so does nothing else. An import whose files had all, or more
    than MINYI_MAX_REJECTED_SHARE, of their rows rejected is an error too, though the rows that
    could be imported are in, as with the command line's exit code 3. `limited_to` (dimension,
    unit) is the account's scope: only that unit's rows are accepted, and no mapping file, since
    one may rename or merge any township or department.
    """
    if limited_to is not None and mapping_file is not None:
        return Verdict("error", f"未导入：映射文件可以改写全县的乡镇和部门名称，只有县级分析员可以使用"
                                f"（本账号的范围：{limited_to[1]}）。")
    try:
        mapping = parse_mapping(mapping_file.data, mapping_file.name) if mapping_file else Mapping()
    except ExportError as error:
        return Verdict("error", f"映射文件有误，未导入：{error}")
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for number, upload in enumerate(uploads):
            files.append(Path(folder) / str(number) / safe_file_name(upload.name))
            files[-1].parent.mkdir()
            files[-1].write_bytes(upload.data)
        what = f"上传 {'、'.join(path.name for path in files)}"
        try:
            published = isolated.run_import(db_path, files, kind=kind, source=source, mapping=mapping,
                                            skip_unreadable=len(files) > 1, progress=progress,
                                            limited_to=limited_to)
        except (ExportError, SettingError) as error:
            audit.record(actor, "import", f"{what}：失败（{error}）", db_path=db_path)
            return Verdict("error", f"导入失败，数据库未改变：{error}")
    report = published.report
    notes = (DEMO_REPLACED,) if published.replaced_demo else ()
    if report.rejection_failures():
        level = "error"
    elif report.reconciles() and not report.skipped:
        level = "success"
    else:
        level = "warning"
    verdict = Verdict(level, report_text(report, server_paths=False), notes, published=True, rows_imported=report.total("rows_imported"))
    audit.record(actor, "import", f"{what}：{verdict.outcome}", verdict.rows_imported, db_path=db_path)
    return verdict
