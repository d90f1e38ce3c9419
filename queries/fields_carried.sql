-- One row per Minyi field that some import of $source carried a column for (recorded by each
-- import in source_fields: 'grid' for grid events, 'service' for 办件). Parameters: $source.
select field
from source_fields
where source = $source
order by field
