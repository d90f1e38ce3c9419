-- Rebuilds case_months from case_facts (run after refresh_case_facts), ordered by month.
-- The rows are ddl/derived_rows.sql's case_month_rows().
create or replace table case_months as
select *
from case_month_rows(cast(null as date[]))
order by month, source
