-- The first receipt of each source: before it a source's volume is unknown, not 0 (a petition
-- export that starts in 2019 beside complaints since 2012). One row per source; no parameters.
select
    source,
    min(received_date) as first_day,
from case_facts
group by source
order by source
