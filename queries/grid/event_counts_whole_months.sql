-- event_counts for whole months, from the rollups, for several periods at once (a view's period,
-- its 同比 and 环比 cost one query): one row per part (1, 2, ... in the order of $parts) and grid
-- (with its township and village), counting the events reported in the part's months [start, end]
-- as things stood at the end of its as_of (a day on or after end). Steps of months before as_of's
-- come from grid_event_steps, as do those of as_of's month when it is the month's last day;
-- otherwise that month's steps come day by day from grid_event_step_days, up to as_of.
-- Parameters: $parts (a list of {start: a month's first day, end: a month's last day, as_of}),
-- $township, $department (null: all), $report_hours (a whole number of hours, at most 168).
-- The bounds over all parts (list_min / list_max of $parts, constants once bound) let the scans skip
-- the row groups outside them; the joins then give each part its rows.
with
parts as (
    select unnest($parts, recursive := true), generate_subscripts($parts, 1) as part,
),

months as (
    select *
    from parts
    join grid_event_steps on grid_event_steps.month between parts.start and parts.end
    where grid_event_steps.month between list_min([part.start for part in $parts])
            and list_max([part.end for part in $parts])
        and matches(township, $township)
        and matches(department, $department)
        and (step_month < date_trunc('month', as_of)
            or (step_month = date_trunc('month', as_of) and last_day(as_of) = as_of))
),

days as (
    select *
    from parts
    join grid_event_step_days on grid_event_step_days.month between parts.start and parts.end
    where step_day between date_trunc('month', as_of) and as_of
        and last_day(as_of) > as_of
        and step_day between list_min([date_trunc('month', part.as_of) for part in $parts
                                       if last_day(part.as_of) > part.as_of])
            and list_max([part.as_of for part in $parts if last_day(part.as_of) > part.as_of])
        and matches(township, $township)
        and matches(department, $department)
),

steps as (
    select * exclude (start, "end", as_of, event_source, step_month)
    from months
    union all by name
    select * exclude (start, "end", as_of, step_day)
    from days
)

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
from steps
group by part, township, village, grid
