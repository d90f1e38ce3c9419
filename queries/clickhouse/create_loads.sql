-- The record of ClickHouse databases loaded from published DuckDB snapshots (minyi.clickhouse):
-- one row per load, written once its every table is in. Native ClickHouse; no parameters.
create table if not exists minyi_catalog.loads (
    database String,
    snapshot String,
    loaded_at DateTime64(3, 'UTC'),
    cases Int64
) engine = MergeTree order by loaded_at
