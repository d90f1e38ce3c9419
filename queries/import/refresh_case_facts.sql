-- Rebuilds case_facts from cases, ordered by receipt date so that a period filter skips whole
-- row groups. Runs inside the import's transaction: readers see old and new facts never mixed.
-- deadline_stated: the export gave the 办理时限 (basis export, export_weekend_fallback); otherwise
-- a rule assumed it, and minyi.metrics.Policy decides whether such deadlines count.
-- closure_known / repeat_known: an export of the case had the column (minyi.metrics counts
-- closures and repeats only over these).
create or replace table case_facts as
select
    source,
    received_date,
    township,
    department,
    category,
    channel,
    deadline,
    coalesce(starts_with(deadline_basis, 'export'), false) as deadline_stated,
    cast(closed_at as date) as closed_date,
    cast(closed_at as date) <= deadline as closed_on_time,
    date_diff('day', received_date, cast(closed_at as date)) as handling_days,
    satisfaction,
    is_repeat,
    coalesce(closure_known, false) as closure_known,
    coalesce(repeat_known, false) as repeat_known,
from cases
order by received_date, source
