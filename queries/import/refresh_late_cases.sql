-- Rebuilds late_cases from cases: closed after the deadline, or still open (a case open today
-- may be past its deadline at some period end). Cases without a deadline can never be late.
-- closure_known false: no export of the case had a closure column, so "open" means unknown.
-- The rows are ddl/derived_rows.sql's late_case_rows().
create or replace table late_cases as
select *
from late_case_rows(cast(null as date[]), cast([] as date[]))
order by received_date, source
