-- One row per day with grid events reported (records) or closed (closures), oldest first: the
-- span, months and days the sidebar offers on the 网格 page (minyi.filters.read_choices); the
-- data's end is the latest of either, so a period is never cut before closures. No parameters.
select day, sum(reported) as records, sum(closed) as closures,
from (
    select cast(event_at as date) as day, 1 as reported, 0 as closed, from grid_events
    union all
    select cast(closed_at as date), 0, 1 from grid_events where closed_at is not null
)
group by day
order by day
