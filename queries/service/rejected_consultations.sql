-- One row per staged 咨询人次 row the import rejects, in sheet order, with its problems.
-- Reads staged_consultations.
select
    source_row,
    problems,
from staged_consultations
where len(problems) > 0
order by source_row
