-- item_counts for whole months, from the rollup service_item_steps, for several periods at once (a
-- view's period, its 同比 and 环比 cost one query): one row per part (1, 2, ... in the order of $parts)
-- and 办理层级, centre, township, department and matter, counting the 办件 received in the part's months
-- [start, end] as things stood at the end of its as_of (a day on or after end) when as_of is a
-- month's last day; otherwise as things stood at the end of the month before as_of's, and
-- item_counts_inside_month adds the steps of as_of's month up to as_of. $first and $last bound
-- every part's months, so the scan skips the row groups outside them.
-- Parameters: $parts (a list of {start: a month's first day, end: a month's last day, as_of}),
-- $first, $last, $township, $department (null: all).
select
    part,
    service_level,
    centre,
    township,
    department,
    matter_name,
    cast(coalesce(sum(items), 0) as bigint) as items,
    cast(coalesce(sum(closure_items), 0) as bigint) as closure_items,
    cast(coalesce(sum(closed), 0) as bigint) as closed,
    cast(coalesce(sum(timed_closed), 0) as bigint) as timed_closed,
    cast(coalesce(sum(closed_on_time), 0) as bigint) as closed_on_time,
    cast(coalesce(sum(due), 0) - coalesce(sum(due_closed), 0) as bigint) as open_past_deadline,
    cast(coalesce(sum(mode_known), 0) as bigint) as mode_known,
    cast(coalesce(sum(online), 0) as bigint) as online,
    cast(coalesce(sum(satisfied), 0) as bigint) as satisfied,
    cast(coalesce(sum(basically_satisfied), 0) as bigint) as basically_satisfied,
    cast(coalesce(sum(unsatisfied), 0) as bigint) as unsatisfied,
    cast(coalesce(sum(overdue_unrated), 0) as bigint) as overdue_unrated,
    cast(coalesce(sum(rectified), 0) as bigint) as rectified,
from steps_of_months('service_item_steps', $parts, $first, $last, $township, $department)
group by part, service_level, centre, township, department, matter_name
