-- Removes from the current part the case rows of the months just written to a history part (the
-- variable settled_months, a list of first days) and records that part as their owner (the
-- variable settled_part). Needs in_months (ddl/derived_rows.sql).
delete from cases where in_months(received_date, getvariable('settled_months'));
delete from case_facts where in_months(received_date, getvariable('settled_months'));
delete from late_cases where in_months(received_date, getvariable('settled_months'));
delete from case_months where in_months(month, getvariable('settled_months'));
delete from case_steps where in_months(month, getvariable('settled_months'));
insert into case_parts (month, part)
select unnest(getvariable('settled_months')), getvariable('settled_part');
