"""Which backend the numbers are read from (MINYI_BACKEND): the published DuckDB database
(`duckdb`, the default), or ClickHouse in-process (`chdb://DIR`), holding a copy of the published
DuckDB database (minyi.clickhouse.published: the dashboard copies each new snapshot itself;
`python -m minyi clickhouse-load` does it for the command line). Both run the same query files
(minyi.dialects)."""

from __future__ import annotations

from pathlib import Path

from minyi import config, db, snapshot_files
from minyi.config import SettingError

CHDB = "chdb://"


class FolderInUse(RuntimeError):
    """The chdb folder is locked by another process (chdb lets one process open a folder)."""


def chdb_folder() -> Path | None:
    """The chdb data folder MINYI_BACKEND names; None for DuckDB."""
    value = config.BACKEND.value().strip()
    if value.lower() == "duckdb":
        return None
    if value.lower().startswith(CHDB) and value[len(CHDB):].strip():
        return Path(value[len(CHDB):].strip()).expanduser()
    raise SettingError(f"设置 {config.BACKEND.name} 只能是 duckdb 或 chdb://目录，而不是「{value}」")


def reader(db_path: Path):
    """A read connection on the configured backend, for db.run (memoised: a published database never
    changes); a Chinese error when it holds no data."""
    folder = chdb_folder()
    if folder is None:
        snapshot = snapshot_files.required_snapshot(db_path)
        return db.SnapshotReader(db.cursor(db.connect(snapshot, read_only=True)), str(snapshot))
    from minyi import clickhouse

    store = clickhouse.latest(folder)
    if store is None:
        raise snapshot_files.MissingDatabase(
            f"ClickHouse 数据目录 {folder} 中还没有数据（先运行 python -m minyi clickhouse-load）")
    return store


def load_clickhouse(db_path: Path) -> str:
    """Copy the published DuckDB database into the configured chdb folder (unless it holds it
    already); a summary in Chinese."""
    folder = chdb_folder()
    if folder is None:
        raise SettingError(f"先把设置 {config.BACKEND.name} 设为 chdb://目录，再复制数据")
    from minyi import clickhouse

    store = clickhouse.published(folder, snapshot_files.required_snapshot(db_path))
    try:
        tables = int(store.native("clickhouse/table_count").iloc[0, 0])
        cases = int(db.run(store, "clickhouse/case_count").iloc[0, 0])
    finally:
        store.close()
    return f"已复制到 ClickHouse（{folder}，数据库 {store.database}）：{tables} 张表，案件 {cases:,} 件"
