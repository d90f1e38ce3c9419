-- item_counts for whole months, from the rollups, for several periods at once (a view's period,
-- its 同比 and 环比 cost one query): one row per part (1, 2, ... in the order of $parts), 办理层级,
-- centre, township, department and matter, counting the 办件 received in the part's months
-- [start, end] as things stood at the end of its as_of (a day on or after end). Steps of months
-- before as_of's come from service_item_steps, as do those of as_of's month when it is the month's
-- last day; otherwise that month's steps come day by day from service_item_step_days, up to as_of.
-- Parameters: $parts (a list of {start: a month's first day, end: a month's last day, as_of}),
-- $township, $department (null: all).
-- The bounds over all parts (list_min / list_max of $parts, constants once bound) let the scans skip
-- the row groups outside them; the joins then give each part its rows.
with
parts as (
    select unnest($parts, recursive := true), generate_subscripts($parts, 1) as part,
),

months as (
    select *
    from parts
    join service_item_steps on service_item_steps.month between parts.start and parts.end
    where service_item_steps.month between list_min([part.start for part in $parts])
            and list_max([part.end for part in $parts])
        and matches(township, $township)
        and matches(department, $department)
        and (step_month < date_trunc('month', as_of)
            or (step_month = date_trunc('month', as_of) and last_day(as_of) = as_of))
),

days as (
    select *
    from parts
    join service_item_step_days on service_item_step_days.month between parts.start and parts.end
    where step_day between date_trunc('month', as_of) and as_of
        and last_day(as_of) > as_of
        and step_day between list_min([date_trunc('month', part.as_of) for part in $parts
                                       if last_day(part.as_of) > part.as_of])
            and list_max([part.as_of for part in $parts if last_day(part.as_of) > part.as_of])
        and matches(township, $township)
        and matches(department, $department)
),

steps as (
    select * exclude (start, "end", as_of, step_month)
    from months
    union all by name
    select * exclude (start, "end", as_of, step_day)
    from days
)

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
from steps
group by part, service_level, centre, township, department, matter_name
