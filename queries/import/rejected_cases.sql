-- One row per staged case row the import rejects, in sheet order, with its problems. Reads staged_cases.
select
    source_row,
    problems,
from staged_cases
where len(problems) > 0
order by source_row
