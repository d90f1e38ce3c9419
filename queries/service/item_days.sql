-- One row per day with 办件 received (records) or finished (closures), oldest first: the span,
-- months and days the sidebar offers on the 便民服务 page (minyi.filters.read_choices); the data's
-- end is the latest of either, so a period is never cut before closures. No parameters.
select day, sum(received) as records, sum(closed) as closures,
from (
    select cast(received_at as date) as day, 1 as received, 0 as closed, from service_items
    union all
    select cast(closed_at as date), 0, 1 from service_items where closed_at is not null
)
group by day
order by day
