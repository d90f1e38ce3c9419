-- One row: the first and last day of the stored 咨询人次 counts and their total. No parameters.
select
    min(day) as first_day,
    max(case when by_month then last_day(day) else day end) as last_day,
    coalesce(sum(visits), 0) as visits,
from service_consultations
