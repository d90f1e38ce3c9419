"""Which backend the command line's numbers are read from (MINYI_BACKEND): the published DuckDB
database (`duckdb`, the default), or ClickHouse in-process (`chdb://DIR`), filled from the DuckDB
database by `python -m minyi clickhouse-load`. Both run the same query files (minyi.dialects)."""

from __future__ import annotations

from pathlib import Path

from minyi import config, db, snapshot_files
from minyi.config import SettingError

CHDB = "chdb://"


def chdb_folder() -> Path | None:
    """The chdb data folder MINYI_BACKEND names; None for DuckDB."""
    value = config.BACKEND.value().strip()
    if value.lower() == "duckdb":
        return None
    if value.lower().startswith(CHDB) and value[len(CHDB):].strip():
        return Path(value[len(CHDB):].strip()).expanduser()
    raise SettingError(f"设置 {config.BACKEND.name} 只能是 duckdb 或 chdb://目录，而不是「{value}」")


def reader(db_path: Path):
    """A read connection on the configured backend, for db.run; a Chinese error when it holds no data."""
    folder = chdb_folder()
    if folder is None:
        if snapshot_files.current_snapshot(db_path) is None:
            raise FileNotFoundError(f"数据库不存在：{db_path}（先运行 python -m minyi demo 或 import）")
        return db.open_reader(db_path)
    from minyi import clickhouse

    store = clickhouse.ChdbStore(folder)
    if not store.holds("cases"):
        raise FileNotFoundError(f"ClickHouse 数据目录 {folder} 中还没有数据（先运行 python -m minyi clickhouse-load）")
    return store


def load_clickhouse(db_path: Path) -> str:
    """Copy the published DuckDB database into the configured chdb folder; a summary in Chinese."""
    folder = chdb_folder()
    if folder is None:
        raise SettingError(f"先把设置 {config.BACKEND.name} 设为 chdb://目录，再复制数据")
    snapshot = snapshot_files.current_snapshot(db_path)
    if snapshot is None:
        raise FileNotFoundError(f"数据库不存在：{db_path}（先运行 python -m minyi demo 或 import）")
    from minyi import clickhouse

    store = clickhouse.ChdbStore(folder)
    tables = clickhouse.load_snapshot(store, snapshot)
    cases = int(db.run(store, "clickhouse/case_count").iloc[0, 0])
    return f"已复制到 ClickHouse（{folder}）：{len(tables)} 张表，案件 {cases:,} 件"
