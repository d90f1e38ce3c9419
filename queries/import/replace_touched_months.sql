-- Replaces the rows of the tables derived from cases of the months of receipt the current import
-- touched (touched_case_months): an import's cost follows the months it brings, not the history
-- held. The months become the variable touched_months, a list of first days in order (empty, never
-- null: null means every month), so that the scans filter by constants and skip the row groups of
-- other months (a subquery would not be pushed into them). case_facts first (case_months and
-- case_steps read it); appended in order, so a period filter still skips whole row groups. Runs
-- inside the import's transaction. The rows are ddl/derived_rows.sql's macros, those a full rebuild
-- writes.
set variable touched_months = (select coalesce(list(month order by month), []) from touched_case_months);

delete from case_facts
where in_months(received_date, getvariable('touched_months'));

insert into case_facts by name
select *
from case_fact_rows(getvariable('touched_months'))
order by received_date, source;

delete from late_cases
where in_months(received_date, getvariable('touched_months'));

insert into late_cases by name
select *
from late_case_rows(getvariable('touched_months'))
order by received_date, source;

delete from case_months
where in_months(month, getvariable('touched_months'));

insert into case_months by name
select *
from case_month_rows(getvariable('touched_months'))
order by month, source;

delete from case_steps
where in_months(month, getvariable('touched_months'));

insert into case_steps by name
select *
from case_step_rows(getvariable('touched_months'))
order by month, step_month;
