-- One row per staged grid-event row the import rejects, in sheet order, with its problems.
-- Reads staged_grid_events.
select
    source_row,
    problems,
from staged_grid_events
where len(problems) > 0
order by source_row
