-- The first and last day the stored working-day calendar covers (null when empty).
select
    min(day) as first_day,
    max(day) as last_day,
from calendar_days
