-- One row per month and event source (事件来源, as stored) with the events reported in
-- [$start, $end]. Reads grid_events. Parameters: $start, $end (dates), $township, $department,
-- $village, $grid (null: all).
select
    date_trunc('month', event_at) as month,
    coalesce(event_source, '（未填写）') as event_source,
    count(*) as events,
from grid_events_in('grid_events', $start, $end, $township, $department, $village, $grid)
group by all
order by month, events desc
