-- Rebuilds service_item_days from service_items: one row per day with 办件 received (records) or
-- finished (closures), the span, months and days the sidebar offers on the 便民服务 page
-- (service/item_days). Runs inside the import's transaction.
create or replace table service_item_days as
select
    day,
    cast(sum(received) as bigint) as records,
    cast(sum(closed) as bigint) as closures,
from (
    select cast(received_at as date) as day, 1 as received, 0 as closed, from service_items
    union all
    select cast(closed_at as date), 0, 1 from service_items where closed_at is not null
)
group by day
order by day
