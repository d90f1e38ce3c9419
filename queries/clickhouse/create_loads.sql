-- The record of ClickHouse databases loaded from published DuckDB snapshots (minyi.clickhouse),
-- kept in the target's own database: one row per load, written once its every table is in.
-- Native ClickHouse; no parameters.
create table if not exists loads (
    database String,
    snapshot String,
    loaded_at DateTime64(3, 'UTC'),
    cases Int64
) engine = MergeTree order by loaded_at
