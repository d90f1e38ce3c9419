-- items_by_month for whole months, from the rollup service_item_steps: one row per month and
-- 办理层级 with the 办件 received in the months [$start, $end].
-- Parameters: $start (a month's first day), $end (a month's last day), $township, $department (null: all).
select
    month,
    coalesce(service_level, '（未填写）') as service_level,
    cast(sum(items) as bigint) as items,
from service_item_steps
where month between $start and $end
    and items is not null
    and matches(township, $township)
    and matches(department, $department)
group by all
order by month, items desc
