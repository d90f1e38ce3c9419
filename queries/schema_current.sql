-- Whether a database's stored tables have every column this version reads (a snapshot written by
-- an older version lacks grid_events.grid_code or service_items.closure_known until it is
-- published again, which adds them: minyi.dataset.derived_tables_current). One row; no parameters.
select count(*) = 0 as current
from duckdb_tables() as t
where t.database_name = current_database()
    and t.schema_name = 'main'
    and t.table_name in ('grid_events', 'service_items')
    and not exists (
        select 1
        from duckdb_columns() as c
        where c.database_name = t.database_name
            and c.schema_name = 'main'
            and c.table_name = t.table_name
            and c.column_name = case t.table_name when 'grid_events' then 'grid_code' else 'closure_known' end
    )
