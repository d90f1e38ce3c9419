-- What event_counts_whole_months leaves out for the parts whose as_of falls inside a month: one row
-- per part and grid (with its township and village) with the steps of as_of's month up to as_of
-- (from the day rollup grid_event_step_days) of the events reported in the part's months. Added to
-- the whole months' rows, they give the standing as of as_of. $day_from and $day_to bound every
-- such part's days, so the scan (ordered by step_day) skips the row groups outside them.
-- Parameters: $parts (as event_counts_whole_months), $day_from, $day_to, $township, $department.
select
    part,
    township,
    village,
    grid,
    cast(sum(disposed) as bigint) as disposed,
    cast(sum(disposed_on_time) as bigint) as disposed_on_time,
    cast(sum(closed) as bigint) as closed,
    cast(sum(closed_on_time) as bigint) as closed_on_time,
    cast(sum(due) - sum(due_disposed) as bigint) as open_past_disposal,
    cast(sum(due) - sum(due_closed) as bigint) as open_past_closure,
from steps_inside_month('grid_event_step_days', $parts, $day_from, $day_to, $township, $department)
group by part, township, village, grid
