-- Rebuilds late_cases from cases: closed after the deadline, or still open (a case open today
-- may be past its deadline at some period end). Cases without a deadline can never be late.
-- closure_known false: no export of the case had a closure column, so "open" means unknown.
create or replace table late_cases as
select
    case_id,
    source,
    received_at,
    received_date,
    township,
    department,
    category,
    deadline,
    coalesce(starts_with(deadline_basis, 'export'), false) as deadline_stated,
    closed_at,
    cast(closed_at as date) as closed_date,
    summary,
    coalesce(closure_known, false) as closure_known,
from cases
where deadline is not null
    and (closed_at is null or cast(closed_at as date) > deadline)
order by received_date, source
