-- Rebuilds case_facts from cases, ordered by receipt date so that a period filter skips whole
-- row groups. Runs inside the import's transaction: readers see old and new facts never mixed.
create or replace table case_facts as
select
    source,
    received_date,
    township,
    department,
    category,
    channel,
    deadline,
    cast(closed_at as date) as closed_date,
    cast(closed_at as date) <= deadline as closed_on_time,
    date_diff('day', received_date, cast(closed_at as date)) as handling_days,
    satisfaction,
    is_repeat,
from cases
order by received_date, source
