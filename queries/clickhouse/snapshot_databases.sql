-- Every database a load created, finished or not (pruning drops those no reader needs).
-- Native ClickHouse; no parameters.
select name
from system.databases
where startsWith(name, 'snapshot_')
