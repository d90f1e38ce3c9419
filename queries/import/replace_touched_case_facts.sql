-- Replaces the rows of case_facts of the months of receipt the current import touched
-- (the variable touched_months, import/set_touched_months): an import's cost follows the months it
-- brings, not the history held. Appended in order, so a period filter still skips whole row
-- groups. Runs inside the import's transaction. The rows are ddl/derived_rows.sql's
-- case_fact_rows().
delete from case_facts
where in_months(received_date, getvariable('touched_months'));

insert into case_facts by name
select *
from case_fact_rows(getvariable('touched_months'))
order by received_date, source;
