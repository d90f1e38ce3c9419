"""Loading published DuckDB snapshots into ClickHouse (chdb in CI), and the MINYI_BACKEND setting:
each snapshot loaded once, half loads never read, only what an import changed sent, and a Chinese
message for a wrong setting, a held folder or an unreachable server."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from minyi import clickhouse, clickhouse_loads, db, snapshot_files
from tests.dashboard_runs import DASHBOARD


def test_a_backend_setting_of_another_form_is_refused_in_chinese(hand_db, monkeypatch, capsys):
    from minyi.__main__ import main

    monkeypatch.setenv("MINYI_BACKEND", "clickhouse-server")
    assert main(["metrics", "--db", str(hand_db), "--from", "2012-01-01", "--to", "2012-09-30"]) == 2
    assert "MINYI_BACKEND 只能是 duckdb、chdb://目录 或 clickhouse://主机:端口/库" in capsys.readouterr().err


@pytest.mark.parametrize("setting, expected", [
    ("clickhouse://reader:p%40ss@ch.county.internal:9000/minyi_prov",
     dict(host="ch.county.internal", port=9000, username="reader", password="p@ss", secure=False,
          database="minyi_prov")),
    ("clickhouses://ch1/", dict(host="ch1", port=8443, username="default", password="", secure=True,
                                database="minyi")),
    ("clickhouse://10.0.0.5", dict(host="10.0.0.5", port=8123, database="minyi")),
    ("chdb:///srv/minyi-ch", dict(folder=Path("/srv/minyi-ch"), host="")),
])
def test_a_clickhouse_setting_names_a_server_or_a_folder(setting, expected, monkeypatch):
    from minyi import backends

    monkeypatch.setenv("MINYI_BACKEND", setting)
    target = backends.clickhouse_target()
    assert {name: getattr(target, name) for name in expected} == expected
    assert "p@ss" not in repr(target) and "p@ss" not in target.label()


@pytest.mark.parametrize("setting", ["clickhouse://", "clickhouse://host:port/db", "clickhouse://host/my-db",
                                     "postgres://host/db", "chdb://"])
def test_a_malformed_clickhouse_setting_is_refused_in_chinese(setting, monkeypatch):
    from minyi import backends
    from minyi.config import SettingError

    monkeypatch.setenv("MINYI_BACKEND", setting)
    with pytest.raises(SettingError, match="MINYI_BACKEND"):
        backends.clickhouse_target()


def test_each_snapshot_is_copied_once_and_readers_see_only_finished_copies(tmp_path, empty_load_record, monkeypatch):
    """clickhouse_loads.published copies a published snapshot into its own database once; a copy that fails
    half-way is never read (the newest finished copy still is) and is dropped by the next copy; only
    the newest KEEP_LOADS copies are kept."""
    from tests.test_history_parts import HEADER as PARTS_HEADER, _export
    from tests.export_files import import_into, write_csv

    db_path = tmp_path / "db" / "m.duckdb"
    rng = np.random.default_rng(7)
    first_rows = _export(rng, 0, 200, dt.datetime(2012, 1, 1), 90)
    import_into(db_path, [write_csv(tmp_path / "first.csv", PARTS_HEADER, first_rows)])
    target = clickhouse.Target(folder=empty_load_record)
    first = clickhouse_loads.published(target, snapshot_files.current_snapshot(db_path))
    again = clickhouse_loads.published(target, snapshot_files.current_snapshot(db_path))
    assert again.database == first.database and again.snapshot == first.snapshot
    assert clickhouse_loads.latest(target).database == first.database

    second_rows = _export(rng, 200, 100, dt.datetime(2012, 4, 1), 30)
    import_into(db_path, [write_csv(tmp_path / "second.csv", PARTS_HEADER, second_rows)])
    copied = clickhouse_loads.load_snapshot

    def failing(store, snapshot, previous=None):
        copied(store, snapshot, previous)  # every table in, then the machine stops before the record
        raise RuntimeError("copy interrupted")

    monkeypatch.setattr(clickhouse_loads, "load_snapshot", failing)
    with pytest.raises(RuntimeError, match="copy interrupted"):
        clickhouse_loads.published(target, snapshot_files.current_snapshot(db_path))
    reader = clickhouse_loads.latest(target)
    assert reader.database == first.database
    assert int(db.run(reader, "clickhouse/case_count").iloc[0, 0]) == 200
    half = set(reader.native("clickhouse/snapshot_databases", prefix="minyi_snapshot_")["name"]) - {first.database}
    assert half  # the half copy is there, unread

    monkeypatch.setattr(clickhouse_loads, "load_snapshot", copied)
    second = clickhouse_loads.published(target, snapshot_files.current_snapshot(db_path))
    assert second.database != first.database
    assert int(db.run(second, "clickhouse/case_count").iloc[0, 0]) == 300
    kept = set(second.native("clickhouse/snapshot_databases", prefix="minyi_snapshot_")["name"])
    assert second.database in kept and first.database in kept and len(kept) == clickhouse_loads.KEEP_LOADS
    assert clickhouse_loads.latest(target).database == second.database

    # The second load sent only what the import changed, and attached the rest from the first load:
    # the same rows as a copy made from nothing.
    sent = second.client.query_df("select table, partition, copied from minyi.load_partitions "
                                  "where database = {database:String}", parameters={"database": second.database})
    cases = sent[sent["table"] == "cases"].set_index("partition")["copied"]
    assert cases.to_dict() == {201201: False, 201202: False, 201203: False, 201204: True}
    assert sent["copied"].sum() < len(sent) / 2
    _same_as_a_whole_copy(second, db_path, empty_load_record)


def _same_as_a_whole_copy(store, db_path, chdb_folder) -> None:
    """Every table of the store holds the rows of a copy of the database made from nothing."""
    whole = clickhouse.chdb_store(chdb_folder, "whole")
    loaded = clickhouse_loads.load_snapshot(whole, snapshot_files.current_snapshot(db_path))
    for table in loaded["table"].unique():
        rows = [each.client.query_df(f"select * from `{table}`") for each in (store, whole)]
        assert len(rows[0]) == len(rows[1]), table
        ordered = [frame.astype(str).sort_values(list(frame.columns), ignore_index=True) for frame in rows]
        pd.testing.assert_frame_equal(*ordered, obj=table)


def test_a_load_takes_history_parts_fingerprints_from_the_load_before(tmp_path, chdb_folder, monkeypatch):
    """A history part never changes: the load after an import reads the rows of the current part's
    months only, takes the fingerprints of the parts' months from the load before, and still holds
    what a copy made from nothing holds."""
    from tests.test_history_parts import HEADER as PARTS_HEADER, _export
    from tests.export_files import import_into, write_csv

    monkeypatch.setenv("MINYI_CURRENT_PART_CASES", "300")
    db_path = tmp_path / "db" / "m.duckdb"
    rng = np.random.default_rng(11)
    import_into(db_path, [write_csv(tmp_path / "first.csv", PARTS_HEADER,
                                    _export(rng, 0, 1500, dt.datetime(2011, 1, 1), 546))])
    first = clickhouse.chdb_store(chdb_folder, "parts_first")
    earlier = clickhouse_loads.EarlierLoad(first.database, clickhouse_loads.load_snapshot(
        first, snapshot_files.current_snapshot(db_path)))
    in_parts = earlier.partitions[(earlier.partitions["table"] == "cases") & (earlier.partitions["part"] != "")]
    assert len(in_parts) > 6  # most months are in a history part

    import_into(db_path, [write_csv(tmp_path / "second.csv", PARTS_HEADER,
                                    _export(rng, 1500, 40, dt.datetime(2012, 6, 20), 10))])
    read_again = {}
    fingerprints = clickhouse_loads.fingerprints

    def spied(con, table, known, source=None):
        read_again.setdefault(table.name, (set(known["partition"]), source))
        return fingerprints(con, table, known, source)

    monkeypatch.setattr(clickhouse_loads, "fingerprints", spied)
    second = clickhouse.chdb_store(chdb_folder, "parts_second")
    loaded = clickhouse_loads.load_snapshot(second, snapshot_files.current_snapshot(db_path), earlier)
    still_in_parts = loaded[(loaded["table"] == "cases") & loaded["part"].isin(set(in_parts["part"]))]
    known, source = read_again["cases"]
    assert known == set(still_in_parts["partition"]) and known
    assert source.endswith('.main."cases"')  # every part's month known: the current part's table read alone
    assert read_again["case_facts"][0] == known
    assert not read_again["grid_events"][0]  # not cut into parts
    assert not loaded.loc[loaded["partition"].isin(known) & (loaded["table"] == "cases"), "copied"].any()
    _same_as_a_whole_copy(second, db_path, chdb_folder)


def test_a_chdb_folder_another_process_holds_is_refused_in_chinese(hand_db, chdb_folder):
    """chdb lets one process open a folder: the command line, run while the dashboard (here, this test
    process) holds it, says so and exits 2 instead of a stack of engine errors."""
    import subprocess
    import sys

    from minyi.config import PROJECT_ROOT

    held = clickhouse.chdb_store(chdb_folder, "held")  # this process holds the folder
    try:
        ran = subprocess.run([sys.executable, "-m", "minyi", "clickhouse-load", "--db", str(hand_db)],
                             cwd=PROJECT_ROOT, env={**os.environ, "MINYI_BACKEND": f"chdb://{chdb_folder}"},
                             capture_output=True, text=True, timeout=300)
    finally:
        held.close()
    assert ran.returncode == 2, ran.stderr
    assert "正被另一个进程使用" in ran.stderr and "Traceback" not in ran.stderr


@pytest.mark.parametrize("setting, said", [
    ("clickhouse://reader:secret@127.0.0.1:9/minyi", "无法连接 ClickHouse（服务器 127.0.0.1:9，用户 reader，见设置 MINYI_BACKEND）"),
    ("sqlite://x", "设置 MINYI_BACKEND 只能是 duckdb、chdb://目录 或 clickhouse://主机:端口/库"),
])
def test_the_dashboard_says_in_chinese_when_clickhouse_cannot_be_read(hand_db, setting, said, monkeypatch):
    """A wrong MINYI_BACKEND or an unreachable server: one Chinese message in place of the pages (the
    password left out), not a stack trace."""
    errors = _dashboard_errors(hand_db, setting, monkeypatch)
    assert errors[0].startswith(said)
    assert "secret" not in " ".join(errors)


def _dashboard_errors(db_path, setting: str, monkeypatch) -> list[str]:
    """The error boxes the dashboard shows on MINYI_BACKEND=`setting` (raising nothing)."""
    monkeypatch.setenv("MINYI_BACKEND", setting)
    monkeypatch.setenv("MINYI_DB", str(db_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    return [error.value for error in app.error]


def test_the_dashboard_says_in_chinese_when_the_server_refuses_the_load(hand_db, chdb_folder, monkeypatch, capsys):
    """Connected, but the server refuses what a load needs (an account without the right to create
    databases): the server's reason in one Chinese message, not a stack trace."""
    from clickhouse_connect.driver.exceptions import DatabaseError

    def refused(target, snapshot):
        raise DatabaseError("Code: 497. DB::Exception: reader: Not enough privileges. (ACCESS_DENIED)")

    monkeypatch.setattr(clickhouse_loads, "published", refused)
    said = _dashboard_errors(hand_db, f"chdb://{chdb_folder}", monkeypatch)[0]
    from minyi.__main__ import main  # the command line: the same reason, exit 2, no traceback

    assert main(["clickhouse-load", "--db", str(hand_db)]) == 2
    assert "ClickHouse 拒绝了请求（设置 MINYI_BACKEND）" in capsys.readouterr().err
    assert said.startswith(f"无法读取 ClickHouse（进程内 chdb，目录 {chdb_folder}）") and "ACCESS_DENIED" in said
