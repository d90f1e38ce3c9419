-- One row per grid event reported in [$start, $end] in one place (a township, village or grid),
-- newest first, with what a grid manager checks: where, from whom, when due and when done, and
-- its progress as things stood at the end of $end (as event_counts counts it).
-- Reads grid_events. Parameters: $start, $end (dates), $township, $department, $village, $grid (null: any),
-- $limit (the newest so many; null: all).
select
    event_id,
    township,
    village,
    grid,
    grid_code,
    event_source,
    category,
    event_at,
    deadline,
    disposed_at,
    closed_at,
    case
        when not registered then '未立案'
        when closed_at < $end + interval 1 day then
            case when deadline is null then '已结案' when closed_at <= deadline then '按期结案' else '超期结案' end
        when deadline < $end + interval 1 day then '超期未结案'
        else '办理中'
    end as progress,
    satisfaction,
    summary,
from grid_events_in('grid_events', $start, $end, $township, $department, $village, $grid)
order by event_at desc, event_id
limit $limit
