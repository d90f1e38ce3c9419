-- Each load's tables by partition (month): its row count and fingerprint, and whether the load sent
-- its rows or attached them from the load before (minyi.clickhouse.load_snapshot), kept beside the
-- record of loads. Native ClickHouse; no parameters.
create table if not exists load_partitions (
    database String,
    table String,
    schema String,
    partition Int64,
    rows Int64,
    fingerprint String,
    copied Bool
) engine = MergeTree order by (database, table, partition)
