-- Cases received per calendar month, all sources and units together: what the default period
-- is chosen from (minyi.filters.default_period). One row per month with receipts; no parameters.
select
    month,
    sum(received) as received,
from case_months
group by month
order by month
