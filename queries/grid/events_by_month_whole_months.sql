-- events_by_month for whole months, from the rollup grid_event_steps: one row per month and event
-- source with the events reported in the months [$start, $end].
-- Parameters: $start (a month's first day), $end (a month's last day), $township, $department,
-- $village, $grid (null: all).
select
    month,
    coalesce(event_source, '（未填写）') as event_source,
    cast(sum(events) as bigint) as events,
from grid_event_steps
where month between $start and $end
    and events is not null
    and matches(township, $township)
    and matches(department, $department)
    and matches(village, $village)
    and matches(grid, $grid)
group by all
order by month, events desc
