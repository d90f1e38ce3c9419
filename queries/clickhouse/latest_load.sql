-- The databases of finished loads that still exist, newest first (what the command line reads,
-- and which ones pruning keeps). Native ClickHouse; no parameters.
select database, snapshot
from loads
where database in (select name from system.databases)
order by loaded_at desc
