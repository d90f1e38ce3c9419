-- Each load's tables by partition (month): its row count and fingerprint, the history part file
-- holding it ('' for the current part: the next load takes a part's fingerprints from here instead of
-- reading its rows again), and whether the load sent its rows or attached them from the load before
-- (minyi.clickhouse.load_snapshot), kept beside the record of loads. Native ClickHouse; no parameters.
create table if not exists load_partitions (
    database String,
    table String,
    schema String,
    partition Int64,
    rows Int64,
    fingerprint String,
    part String,
    copied Bool
) engine = MergeTree order by (database, table, partition)
