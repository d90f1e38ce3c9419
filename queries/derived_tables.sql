-- How many of the tables derived from cases a database has in their current shape (3 once it
-- is current; older snapshots have none, or a case_facts / late_cases without deadline_stated
-- or closure_known, until the dashboard refreshes them).
select count(*) as present
from duckdb_tables() as t
where t.schema_name = 'main'
    and t.table_name in ('case_facts', 'late_cases', 'case_months')
    and (
        t.table_name = 'case_months'
        or (
            select count(*)
            from duckdb_columns() as c
            where c.schema_name = 'main'
                and c.table_name = t.table_name
                and c.column_name in ('deadline_stated', 'closure_known')
        ) = 2
    )
