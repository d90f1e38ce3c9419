-- 咨询人次 in the whole months [$start, $end] per month, centre and township of a township's
-- centres ($township; null: all), as consultation_counts counts them, from the rollup
-- service_consultation_months. Parameters: $start (a month's first day), $end, $township.
select
    month,
    centre,
    township,
    visits,
from service_consultation_months
where month between $start and $end
    and matches(township, $township)
order by month, centre, township
