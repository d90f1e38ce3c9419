-- Rebuilds case_steps from case_facts (run after refresh_case_facts): the monthly rollup that
-- case_cells_whole_months reads instead of every case of a period. One row per month of receipt,
-- source, township, department, category, callback answer, deadline_stated, closure_known,
-- repeat_known and step month. Rows of receipt (step_month = month) count what never changes once a
-- case is received: the cases, the repeats, those with a channel (with_channel) and the first day
-- received (first_day: the source summaries read these too). Rows of closure (step_month the month
-- closed; satisfaction left null, the answers being counted on receipt) count the closures and those
-- on time. So the cases received in whole months as things stood at a month's end are a sum over the
-- rows with step_month <= that month. Ordered by month of receipt.
-- The rows are ddl/derived_rows.sql's case_step_rows().
create or replace table case_steps as
select *
from case_step_rows(cast(null as date[]))
order by month, step_month
