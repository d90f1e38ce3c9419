-- One row per staged 考核 entry the import rejects, in sheet order, with its problems.
-- Reads staged_entries.
select
    source_row,
    problems,
from staged_entries
where len(problems) > 0
order by source_row
