-- One row per source (petition, complaint) with what is loaded: case count, first and last
-- receipt date, open cases (of those whose exports carried a closure column: without one, a case
-- is not known to be open), and how many deadlines fell back to weekends-only working days.
select
    source,
    count(*) as cases,
    min(received_date) as first_received,
    max(received_date) as last_received,
    count(*) filter (where closed_at is null and closure_known) as open_cases,
    count(*) filter (where deadline_basis like '%weekend_fallback') as fallback_deadlines,
from cases
group by source
order by source
