-- Replaces the rows of the tables derived from cases that the current import touched: an import's
-- cost follows what it brings, not the history held. The per-case tables lose and regain the rows
-- of the months the import needs whole (whole_case_months: pulled back from a history part, or
-- holding a renamed member) and, besides, case_facts those of the days of receipt it touched
-- (touched_case_days: it has no case id), late_cases those of the cases it touched (touched_cases:
-- most of a week's cases are still open, and their summaries are long);
-- the rollups (case_months, case_steps) those of every touched month (touched_case_months), summed
-- again from case_facts. A province's month holds 3M cases, a nightly export a week of them. The
-- lists become variables (empty, never null: null means every month), so that the scans filter by
-- constants and skip the row groups outside them (a subquery would not be pushed into them).
-- case_facts first (the rollups read it); appended in order, so a period filter still skips whole
-- row groups. Runs inside the import's transaction. The rows are ddl/derived_rows.sql's macros,
-- those a full rebuild writes.
set variable touched_months = (select coalesce(list(month order by month), []) from touched_case_months);

set variable whole_months = (select coalesce(list(month order by month), []) from whole_case_months);

set variable touched_days = (select coalesce(list(day order by day), []) from touched_case_days);

delete from case_facts
where in_months(received_date, getvariable('whole_months')) or in_days(received_date, getvariable('touched_days'));

insert into case_facts by name
select *
from case_fact_rows(getvariable('whole_months'), getvariable('touched_days'))
order by received_date, source;

delete from late_cases
where in_months(received_date, getvariable('whole_months'))
    or (in_days(received_date, getvariable('touched_days'))
        and (source, case_id) in (select source, case_id from touched_cases));

insert into late_cases by name
select *
from late_case_rows(getvariable('whole_months'), getvariable('touched_days'))
where in_months(received_date, getvariable('whole_months'))
    or (source, case_id) in (select source, case_id from touched_cases)
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
