-- One row per Minyi field that some grid-event import carried a column for (recorded by each
-- import in source_fields under the source 'grid'). No parameters.
select field
from source_fields
where source = 'grid'
order by field
