-- received_cells.sql for whole months, from the monthly rollup: the same cells, summed from
-- case_months. Parameters as received_cells; $start a month's first day, $end a month's last.
select
    source,
    coalesce(township, '（未填写）') as township,
    coalesce(department, '（未填写）') as department,
    coalesce(category, '（未填写）') as category,
    coalesce(channel, '（未填写）') as channel,
    sum(received) as received,
from scoped_months($start, $end, $source, $township, $department, $category)
group by all
