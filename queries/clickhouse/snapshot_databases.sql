-- Every database a load created, finished or not (pruning drops those no reader needs).
-- Native ClickHouse. Parameters: prefix (the target's database, then _snapshot_).
select name
from system.databases
where startsWith(name, {prefix:String})
