-- A finished load's partitions, which the next load attaches where unchanged. Native ClickHouse.
-- Parameters: database.
select table, schema, partition, rows, fingerprint
from load_partitions
where database = {database:String}
