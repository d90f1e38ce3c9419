-- Rebuilds grid_event_days from grid_events: one row per day with grid events reported (records)
-- or closed (closures), the span, months and days the sidebar offers on the 网格 page
-- (grid/event_days). Runs inside the import's transaction.
create or replace table grid_event_days as
select
    day,
    cast(sum(reported) as bigint) as records,
    cast(sum(closed) as bigint) as closures,
from (
    select cast(event_at as date) as day, 1 as reported, 0 as closed, from grid_events
    union all
    select cast(closed_at as date), 0, 1 from grid_events where closed_at is not null
)
group by day
order by day
