-- One row per staged 办件 row the import rejects, in sheet order, with its problems.
-- Reads staged_service_items.
select
    source_row,
    problems,
from staged_service_items
where len(problems) > 0
order by source_row
