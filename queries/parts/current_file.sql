-- The name and file of the database a connection writes to or reads from by default (its current
-- part): history parts are files in the same folder. No parameters.
select
    database_name as name,
    path,
from duckdb_databases()
where database_name = current_database()
