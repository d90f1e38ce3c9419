-- Copies the months of history parts listed in pulled_months back into the current part (the parts
-- are never written), which owns them from then on (case_parts forgets them); as months the import
-- touched, their derived rows are rewritten whole at its end. Reads pulled_months (made by
-- import/pull_history_months, import/touch_renamed_months or import/pull_every_history_month),
-- history_cases.
set variable pulled_months = (select coalesce(list(month order by month), []) from pulled_months);

insert into cases by name
select *
from history_cases
where in_months(received_date, getvariable('pulled_months'));  -- constants: the scan skips other months

insert into touched_case_months
select month
from pulled_months
except
select month
from touched_case_months;

insert into whole_case_months  -- none of their derived rows is in the current part yet
select month
from pulled_months
except
select month
from whole_case_months;

delete from case_parts
where month in (select month from pulled_months);
