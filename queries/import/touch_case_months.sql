-- Records what the current import changes (in the temporary tables of ddl/derived_rows.sql): its
-- new and updated cases, and stored cases whose only change is that an export now carried their
-- closure or repeat column (import/mark_known_cases), as touched_cases; their days of receipt, and
-- the day an updated case was received before, as touched_case_days; those days' months as
-- touched_case_months. Run after merge_cases, before the stored cases are replaced. Reads
-- pending_changes, cases.
create or replace temp table newly_touched_cases as
select
    pending_changes.source,
    pending_changes.case_id,
    pending_changes.received_date,
    cases.received_date as stored_date,
from pending_changes
left join cases
    on cases.source = pending_changes.source
    and cases.case_id = pending_changes.case_id
where pending_changes.change in ('new', 'updated')
    or cases.closure_known is distinct from pending_changes.closure_known
    or cases.repeat_known is distinct from pending_changes.repeat_known;

create or replace temp table newly_touched_days as
select received_date as day
from newly_touched_cases
union
select stored_date
from newly_touched_cases
where stored_date is not null;

insert into touched_cases
select
    source,
    case_id,
from newly_touched_cases
except
select
    source,
    case_id,
from touched_cases;

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
from touched_case_months
