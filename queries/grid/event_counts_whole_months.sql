-- event_counts for whole months, from the rollup grid_event_steps, for several periods at once (a
-- view's period, its 同比 and 环比 cost one query): one row per part (1, 2, ... in the order of $parts)
-- and grid (with its township and village), counting the events reported in the part's months
-- [start, end] as things stood at the end of its as_of (a day on or after end) when as_of is a
-- month's last day; otherwise as things stood at the end of the month before as_of's, and
-- event_counts_inside_month adds the steps of as_of's month up to as_of. $first and $last bound
-- every part's months, so the scan skips the row groups outside them.
-- Parameters: $parts (a list of {start: a month's first day, end: a month's last day, as_of}),
-- $first, $last, $township, $department (null: all), $report_hours (a whole number of hours, at
-- most 168).
select
    part,
    township,
    village,
    grid,
    cast(coalesce(sum(events), 0) as bigint) as events,
    cast(coalesce(sum(registered), 0) as bigint) as registered,
    cast(coalesce(sum(found_by_staff), 0) as bigint) as found_by_staff,
    cast(coalesce(sum(report_timed), 0) as bigint) as report_timed,
    cast(coalesce(sum(report_timed) filter (where report_delay_hours <= $report_hours), 0) as bigint)
        as reported_in_time,
    cast(coalesce(sum(disposed), 0) as bigint) as disposed,
    cast(coalesce(sum(disposed_on_time), 0) as bigint) as disposed_on_time,
    cast(coalesce(sum(due), 0) - coalesce(sum(due_disposed), 0) as bigint) as open_past_disposal,
    cast(coalesce(sum(closed), 0) as bigint) as closed,
    cast(coalesce(sum(closed_on_time), 0) as bigint) as closed_on_time,
    cast(coalesce(sum(due), 0) - coalesce(sum(due_closed), 0) as bigint) as open_past_closure,
    cast(coalesce(sum(deadline_known), 0) as bigint) as deadline_known,
    cast(coalesce(sum(satisfied), 0) as bigint) as satisfied,
    cast(coalesce(sum(basically_satisfied), 0) as bigint) as basically_satisfied,
    cast(coalesce(sum(unsatisfied), 0) as bigint) as unsatisfied,
    cast(coalesce(sum(overdue_unrated), 0) as bigint) as overdue_unrated,
from steps_of_months('grid_event_steps', $parts, $first, $last, $township, $department)
group by part, township, village, grid
