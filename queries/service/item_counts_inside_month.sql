-- What item_counts_whole_months leaves out for the parts whose as_of falls inside a month: one row
-- per part and 办理层级, centre, township, department and matter with the steps of as_of's month up to
-- as_of (from the day rollup service_item_step_days) of the 办件 received in the part's months. Added
-- to the whole months' rows, they give the standing as of as_of. $day_from and $day_to bound every
-- such part's days, so the scan (ordered by step_day) skips the row groups outside them.
-- Parameters: $parts (as item_counts_whole_months), $day_from, $day_to, $township, $department.
select
    part,
    service_level,
    centre,
    township,
    department,
    matter_name,
    cast(sum(closed) as bigint) as closed,
    cast(sum(timed_closed) as bigint) as timed_closed,
    cast(sum(closed_on_time) as bigint) as closed_on_time,
    cast(sum(due) - sum(due_closed) as bigint) as open_past_deadline,
from steps_inside_month('service_item_step_days', $parts, $day_from, $day_to, $township, $department)
group by part, service_level, centre, township, department, matter_name
