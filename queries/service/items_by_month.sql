-- One row per month and 办理层级 (as stored) with the 办件 received in [$start, $end].
-- Reads service_items. Parameters: $start, $end (dates), $township, $department (null: all).
select
    date_trunc('month', received_at) as month,
    coalesce(service_level, '（未填写）') as service_level,
    count(*) as items,
from service_items_in('service_items', $start, $end, $township, $department, null, null)
group by all
order by month, items desc
