-- Whether the tables derived from cases count every case, as every refresh leaves them: case_facts
-- one row per case, and the monthly rollups case_months and case_steps (its rows of receipt) adding
-- up to as many. A database an older version wrote, or one whose newer tables were created empty
-- by a later version's first import, does not (the rollups of grid events, 办件 and 咨询人次:
-- stale_rollups.sql).
with
facts as (
    select count(*) as cases
    from case_facts
)

select
    (select count(*) from cases) = facts.cases
    and (select coalesce(sum(received), 0) from case_months) = facts.cases
    and (select coalesce(sum(received), 0) from case_steps) = facts.cases as matches,
from facts
