-- 咨询人次 per month, centre and township of a township's centres ($township; null: all), as
-- consultation_counts counts them, from the rollup service_consultation_months: every stored month,
-- which minyi.service_totals cuts to a period's whole months. Parameters: $township.
select
    month,
    centre,
    township,
    visits,
from service_consultation_months
where matches(township, $township)
order by month, centre, township
