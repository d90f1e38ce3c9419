-- How many tables the store's database holds (minyi.backends reports it after copying).
-- Native ClickHouse; no parameters.
select count() as tables
from system.tables
where database = currentDatabase()
