-- One row per staged 事项目录 row the import rejects, in sheet order, with its problems.
-- Reads staged_catalogue.
select
    source_row,
    problems,
from staged_catalogue
where len(problems) > 0
order by source_row
