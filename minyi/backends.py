"""Which backend the numbers are read from (MINYI_BACKEND): the published DuckDB database
(`duckdb`, the default), or ClickHouse: a server or cluster (`clickhouse://user:password@host:port/db`,
`clickhouses://` over TLS) or chdb, ClickHouse in-process (`chdb://DIR`). ClickHouse holds a copy of
the published DuckDB database (minyi.clickhouse_loads.published: the dashboard copies each new snapshot
itself; `python -m minyi clickhouse-load` does it for the command line). Both run the same query
files (minyi.dialects)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from minyi import config, db, snapshot_files
from minyi.config import SettingError

SCHEMES = {"chdb": None, "clickhouse": False, "clickhouses": True}  # and whether a server is reached over TLS


class BackendUnavailable(RuntimeError):
    """ClickHouse cannot be read: the server unreachable or refusing the account (a Chinese message
    naming the target, never the password)."""


class FolderInUse(BackendUnavailable):
    """The chdb folder is locked by another process (chdb lets one process open a folder)."""


def is_client_error(error: BaseException) -> bool:
    """Whether ClickHouse's client raised `error` (a server's refusal, a lost connection)."""
    try:
        from clickhouse_connect.driver.exceptions import Error
    except ModuleNotFoundError:
        return False
    return isinstance(error, Error)


def clickhouse_target():
    """The ClickHouse target MINYI_BACKEND names (minyi.clickhouse.Target); None for DuckDB."""
    value = config.BACKEND.value().strip()
    if value.lower() == "duckdb":
        return None
    scheme, _, rest = value.partition("://")
    if scheme.lower() not in SCHEMES or not rest.strip():
        raise SettingError(f"设置 {config.BACKEND.name} 只能是 duckdb、chdb://目录 或 clickhouse://主机:端口/库，"
                           f"而不是「{value}」")
    from minyi.clickhouse import Target

    if scheme.lower() == "chdb":
        return Target(folder=Path(rest.strip()).expanduser())
    secure = SCHEMES[scheme.lower()]
    try:
        url = urlsplit(value)
        port = url.port or (8443 if secure else 8123)
    except ValueError as error:
        raise SettingError(f"设置 {config.BACKEND.name} 中的端口无效：「{value}」") from error
    database = url.path.strip("/") or "minyi"
    if not url.hostname or not database.isidentifier():
        raise SettingError(f"设置 {config.BACKEND.name} 应为 clickhouse://用户:密码@主机:端口/库（库名为字母、数字和"
                           f"下划线），而不是「{value}」")
    return Target(host=url.hostname, port=port, username=unquote(url.username or "default"),
                  password=unquote(url.password or ""), secure=secure, database=database)


def reader(db_path: Path):
    """A read connection on the configured backend, for db.run (memoised: a published database never
    changes); a Chinese error when it holds no data."""
    target = clickhouse_target()
    if target is None:
        snapshot = snapshot_files.required_snapshot(db_path)
        return db.SnapshotReader(db.cursor(db.connect(snapshot, read_only=True)), str(snapshot))
    from minyi import clickhouse_loads

    store = clickhouse_loads.latest(target)
    if store is None:
        raise snapshot_files.MissingDatabase(
            f"ClickHouse（{target.label()}）中还没有数据（先运行 python -m minyi clickhouse-load）")
    return store


def load_clickhouse(db_path: Path) -> str:
    """Copy the published DuckDB database into the configured ClickHouse (unless it holds it
    already); a summary in Chinese."""
    target = clickhouse_target()
    if target is None:
        raise SettingError(f"先把设置 {config.BACKEND.name} 设为 chdb://目录 或 clickhouse://主机:端口/库，再复制数据")
    from minyi import clickhouse_loads

    store = clickhouse_loads.published(target, snapshot_files.required_snapshot(db_path))
    try:
        tables = int(store.native("clickhouse/table_count").iloc[0, 0])
        cases = int(db.run(store, "clickhouse/case_count").iloc[0, 0])
    finally:
        store.close()
    return f"已复制到 ClickHouse（{target.label()}，库 {store.database}）：{tables} 张表，案件 {cases:,} 件"
