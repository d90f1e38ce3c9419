-- Records what the current import changes (in the temporary tables of ddl/derived_rows.sql): the
-- days of receipt of its new and updated cases, the day an updated case was received before, and
-- those of stored cases whose only change is that an export now carried their closure or repeat
-- column (import/mark_known_cases), as touched_case_days; their months as touched_case_months. Run
-- after merge_cases, before the stored cases are replaced. Reads pending_changes, cases.
create or replace temp table newly_touched_days as
select received_date as day
from pending_changes
where change in ('new', 'updated')
union
select cases.received_date
from pending_changes
join cases
    on cases.source = pending_changes.source
    and cases.case_id = pending_changes.case_id
where pending_changes.change = 'updated'
    or cases.closure_known is distinct from pending_changes.closure_known
    or cases.repeat_known is distinct from pending_changes.repeat_known;

insert into touched_case_days
select day
from newly_touched_days
except
select day
from touched_case_days;

insert into touched_case_months
select distinct cast(date_trunc('month', day) as date)
from newly_touched_days
except
select month
from touched_case_months;
