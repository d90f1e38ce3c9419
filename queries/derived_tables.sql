-- How many of the derived tables a database has in their current shape (11 once it is current:
-- case_facts, late_cases, case_months and case_steps from cases, three rollups each of grid events
-- and 办件, one of 咨询人次; older snapshots lack some, or have a case_facts / late_cases without deadline_stated or
-- closure_known, until the dashboard refreshes them).
select count(*) as present
from duckdb_tables() as t
where t.database_name = current_database()
    and t.schema_name = 'main'
    and t.table_name in ('case_facts', 'late_cases', 'case_months', 'case_steps', 'grid_event_step_days',
                         'grid_event_steps', 'grid_event_days', 'service_item_step_days', 'service_item_steps', 'service_item_days',
                         'service_consultation_months')
    and (
        t.table_name not in ('case_facts', 'late_cases')
        or (
            select count(*)
            from duckdb_columns() as c
            where c.database_name = current_database()
                and c.schema_name = 'main'
                and c.table_name = t.table_name
                and c.column_name in ('deadline_stated', 'closure_known')
        ) = 2
    )
