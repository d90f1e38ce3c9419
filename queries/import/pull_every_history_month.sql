-- Copies every month of the history parts back into the current part, before a rename of a township
-- or department (minyi.ingest.pipeline): it changes cases of any month, and the parts are never
-- written. The derived tables are then rebuilt from all cases. Reads history_cases.
insert into cases by name
select *
from history_cases;

delete from case_parts;

delete from history_parts;
