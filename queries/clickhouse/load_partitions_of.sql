-- A finished load's partitions, which the next load attaches where unchanged (and takes the
-- fingerprints of history parts' partitions from). Native ClickHouse.
-- Parameters: database.
select table, schema, partition, rows, fingerprint, part
from load_partitions
where database = {database:String}
