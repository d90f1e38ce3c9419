-- The history parts the current part names (minyi.parts): their attach names and files, and the
-- months each owns. One row per part and owned month (a part owning none left out). No parameters.
select
    history_parts.part,
    history_parts.file,
    case_parts.month,
from history_parts
join case_parts
    on case_parts.part = history_parts.part
order by history_parts.part, case_parts.month
