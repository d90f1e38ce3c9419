-- One row per staged survey row the import rejects, in sheet order, with its problems. Reads staged_surveys.
select
    source_row,
    problems,
from staged_surveys
where len(problems) > 0
order by source_row
