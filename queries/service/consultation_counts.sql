-- 咨询人次 in [$start, $end]: per centre ($by = 'centre'), per month ('month') or in all ('county'),
-- of a township's centres ($township; null: all). A count reported for a month is in the period
-- when the month's first day is. Reads service_consultations.
-- Parameters: $start, $end (dates), $by, $township.
select
    case $by
        when 'centre' then coalesce(centre, '（未填写）')
        when 'month' then strftime(date_trunc('month', day), '%Y-%m')
    end as unit,
    sum(visits) as visits,
    count(*) filter (where by_month) as month_rows,
    count(*) filter (where not by_month) as day_rows,
from service_consultations
where day between $start and $end
    and matches(township, $township)
group by all
order by unit
