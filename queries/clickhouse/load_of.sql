-- The database a snapshot was loaded into, if that load finished and its database still exists
-- (none, or one row). Native ClickHouse. Parameters: snapshot (the snapshot file's key).
select database
from loads
where snapshot = {snapshot:String}
    and database in (select name from system.databases)
order by loaded_at desc
limit 1
