-- Whether `cases` has the closure_known and repeat_known columns (a database written before
-- they existed has not, until minyi.ingest.pipeline.upgrade_cases adds them). No parameters.
select count(*) = 2 as present
from duckdb_columns() as c
where c.database_name = current_database()  -- not the history parts (minyi.parts)
    and c.schema_name = 'main'
    and c.table_name = 'cases'
    and c.column_name in ('closure_known', 'repeat_known')
