-- Records the months of receipt whose derived rows the current import changes (kept in the
-- temporary table touched_case_months, made by ddl/derived_rows.sql): those of its new and updated
-- cases, those an updated case was received in before, and those of stored cases whose only change
-- is that an export now carried their closure or repeat column (import/mark_known_cases). Run after
-- merge_cases, before the stored cases are replaced. Reads pending_changes, cases.
insert into touched_case_months
select cast(date_trunc('month', received_date) as date) as month
from pending_changes
where change in ('new', 'updated')
union
select cast(date_trunc('month', cases.received_date) as date)
from pending_changes
join cases
    on cases.source = pending_changes.source
    and cases.case_id = pending_changes.case_id
where pending_changes.change = 'updated'
    or cases.closure_known is distinct from pending_changes.closure_known
    or cases.repeat_known is distinct from pending_changes.repeat_known
except
select month
from touched_case_months
