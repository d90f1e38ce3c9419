-- The first receipt of each source: before it a source's volume is unknown, not 0 (a petition
-- export that starts in 2019 beside complaints since 2012). One row per source, read from the
-- rollup's rows of receipt; no parameters.
select
    source,
    min(first_day) as first_day,
from case_steps
where received > 0
group by source
order by source
