-- Forget the partitions of a dropped load. Native ClickHouse. Parameters: database.
delete from load_partitions
where database = {database:String}
