"""The ClickHouse backend (issue 15, Tier 2), through ClickHouse's official Python client,
clickhouse-connect: a server or cluster (`clickhouse://user:password@host:8123/minyi`,
`clickhouses://` over TLS) or chdb, the ClickHouse engine in-process (`chdb://DIR`, data kept in DIR;
what the tests use). Either way the same client calls run the analysis queries that minyi.dialects
writes from `queries/*.sql`, with parameters bound by the server.

Imports go into the DuckDB database as always; minyi.clickhouse_loads copies each published
snapshot into ClickHouse.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from minyi import db, dialects
from minyi.backends import BackendUnavailable, FolderInUse
from minyi.config import SettingError


@dataclasses.dataclass(frozen=True)
class Target:
    """Where the ClickHouse data is: chdb's folder, or a server; `database` is the one holding the
    record of loads, and the prefix of the databases loaded."""

    folder: Path | None = None
    host: str = ""
    port: int = 8123
    username: str = "default"
    password: str = dataclasses.field(default="", repr=False)
    secure: bool = False
    database: str = "minyi"

    def label(self) -> str:
        """Where, for messages (never the password)."""
        return f"进程内 chdb，目录 {self.folder}" if self.folder else f"服务器 {self.host}:{self.port}"

    def client(self, database: str | None = None):
        """A clickhouse-connect client, its queries reading `database` (the server's default
        database when None). Safe to share between threads: no HTTP session is kept."""
        try:
            import clickhouse_connect
            from clickhouse_connect.driver.exceptions import Error as ClientError
        except ModuleNotFoundError as error:
            raise SettingError("未安装 ClickHouse 客户端 clickhouse-connect：先运行 .venv/bin/pip install -r "
                               "requirements.txt") from error
        if self.folder is None:
            try:
                return clickhouse_connect.get_client(host=self.host, port=self.port, username=self.username,
                                                     password=self.password, secure=self.secure,
                                                     database=database or "default", autogenerate_session_id=False,
                                                     send_receive_timeout=600)
            except ClientError as error:  # unreachable, or the account refused
                raise BackendUnavailable(f"无法连接 ClickHouse（{self.label()}，用户 {self.username}，见设置 "
                                         f"MINYI_BACKEND）：{error}") from error
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        try:
            return clickhouse_connect.get_client(interface="chdb", path=str(self.folder), database=database)
        except ImportError as error:  # chdb is a test and bench dependency (requirements-dev.txt)
            raise SettingError("未安装进程内 ClickHouse 引擎 chdb：先运行 .venv/bin/pip install -r "
                               "requirements-dev.txt") from error
        except Exception as error:
            if "EmbeddedServer" in str(error):  # its lock file held by another process, or another folder open here
                raise FolderInUse(f"ClickHouse 数据目录 {self.folder} 正被另一个进程使用（chdb 一个目录只能由一个"
                                  "进程打开，例如正在运行的看板），或本进程已打开另一个目录：请在那个进程里操作，或先停止它") \
                    from error
            raise


class Store:
    """One database of a ClickHouse target, read with the analysis queries (db.run calls `rows_of`).

    `snapshot` names what the database holds when it never changes (a finished load): db.run and
    minyi.view_cache then memoise by it, as on a DuckDB snapshot."""

    def __init__(self, target: Target, database: str, snapshot: str | None = None) -> None:
        if not database.isidentifier():
            raise ValueError(f"数据库名称无效：{database}")
        with contextlib.closing(target.client()) as server:
            server.command("create database if not exists {database:Identifier}", parameters={"database": database})
            self.client = target.client(database)  # before the other closes: chdb's engine stays up
        self.target = target
        self.database = database
        self.snapshot = snapshot

    def rows_of(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        """The rows of `queries/<name>.sql`, as db.run gives them on DuckDB."""
        text = dialects.clickhouse_query(name, params) + _settings()
        try:
            rows = self.client.query_arrow(text, parameters=bound_parameters(params))
        except Exception as error:
            if "(UNKNOWN_TABLE)" in str(error):  # a database from before that table (db.run_if_present)
                raise db.MissingTable(str(error)) from error
            raise
        return duckdb.from_arrow(_naive_times(rows)).df()  # converted to pandas as DuckDB's own rows are

    def native(self, name: str, **params: Any) -> pd.DataFrame:
        """The rows of a ClickHouse-only query file (`queries/clickhouse/`), run as written."""
        return self.client.query_arrow(db.load_query(name), parameters=params or None).to_pandas()

    def statement(self, name: str, **params: Any) -> None:
        """Run a ClickHouse-only statement file (`queries/clickhouse/`) for its effect."""
        self.execute(db.load_query(name), **params)

    def execute(self, text: str, **params: Any) -> None:
        self.client.command(text, parameters=params or None)

    def insert(self, table: str, rows: pa.Table) -> None:
        """Insert Arrow rows, however many months they span (one ClickHouse part per month)."""
        self.client.insert_arrow(table, rows, database=self.database, settings={"max_partitions_per_insert_block": 0})

    def close(self) -> None:
        self.client.close()


def chdb_store(folder: Path, database: str) -> Store:
    """A store on a chdb folder's database (tests and benches load one with load_snapshot)."""
    return Store(Target(folder=Path(folder)), database)


def _naive_times(rows: pa.Table) -> pa.Table:
    """ClickHouse times carry the session's time zone (UTC, CLICKHOUSE_SETTINGS); DuckDB's TIMESTAMP
    has none: the same wall-clock times, without the zone."""
    for index, field in enumerate(rows.schema):
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            rows = rows.set_column(index, field.name, rows.column(index).cast(pa.timestamp(field.type.unit)))
    return rows


def _settings() -> str:
    return " SETTINGS " + ", ".join(f"{name} = {value}" for name, value in dialects.CLICKHOUSE_SETTINGS.items())


def bound_parameters(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters as the client binds them: a list of records as one array per field
    (<name>_<field>, as minyi.dialects names them); times with their microseconds, which the
    client would drop."""
    bound = {}
    for name, value in params.items():
        if isinstance(value, (list, tuple)) and value and all(isinstance(item, dict) for item in value):
            for field in value[0]:
                bound[f"{name}_{field}"] = [_bound_value(item[field]) for item in value]
        else:
            bound[name] = _bound_value(value)
    return bound


def _bound_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (list, tuple)):
        return [_bound_value(item) for item in value]
    if value is None or isinstance(value, (dt.date, int, float, str)):
        return value
    raise TypeError(f"参数类型无法传给 ClickHouse：{type(value).__name__}")
