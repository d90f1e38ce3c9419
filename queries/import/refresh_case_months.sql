-- Rebuilds case_months from case_facts (run after refresh_case_facts), ordered by month.
create or replace table case_months as
select
    date_trunc('month', received_date) as month,
    source,
    township,
    department,
    category,
    channel,
    count(*) as received,
from case_facts
group by all
order by month, source
