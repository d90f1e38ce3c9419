-- The tables of a published snapshot's current part and their columns in order, which
-- minyi.clickhouse.load_snapshot creates in a ClickHouse store. No parameters.
select
    table_name,
    column_name,
    data_type,
from duckdb_columns()
where database_name = current_database()
    and schema_name = 'main'
order by table_name, column_index
