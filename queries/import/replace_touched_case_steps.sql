-- Replaces the rows of case_steps of the months of receipt the current import touched, after
-- case_facts (the variable touched_months, import/set_touched_months): an import's cost follows the months it
-- brings, not the history held. Appended in order, so a period filter still skips whole row
-- groups. Runs inside the import's transaction. The rows are ddl/derived_rows.sql's
-- case_step_rows().
delete from case_steps
where in_months(month, getvariable('touched_months'));

insert into case_steps by name
select *
from case_step_rows(getvariable('touched_months'))
order by month, step_month;
