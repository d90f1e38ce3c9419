-- How many of the tables derived from cases a database has (3 once it is current; older
-- snapshots have none until the dashboard refreshes them).
select count(*) as present
from duckdb_tables()
where schema_name = 'main'
    and table_name in ('case_facts', 'late_cases', 'case_months')
