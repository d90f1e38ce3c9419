-- Rebuilds case_facts from cases, ordered by receipt date so that a period filter skips whole
-- row groups. Runs inside the import's transaction: readers see old and new facts never mixed.
-- deadline_stated: the export gave the 办理时限 (basis export, export_weekend_fallback); otherwise
-- a rule assumed it, and minyi.metrics.Policy decides whether such deadlines count.
-- closure_known / repeat_known: an export of the case had the column (minyi.metrics counts
-- closures and repeats only over these).
-- The rows are ddl/derived_rows.sql's case_fact_rows().
create or replace table case_facts as
select *
from case_fact_rows(cast(null as date[]), cast([] as date[]))
order by received_date, source
