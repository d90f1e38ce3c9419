-- Cases still open past their deadline at the end of the period, whenever they were received,
-- most overdue first, with their total in `listed_of`. Parameters: $end, $source, $township,
-- $department, $category, $limit (the backlog reaches back to the first case: no $start),
-- $closure_sources (sources whose exports carry closures), $assumed_deadlines (false: only
-- deadlines the export stated).
select
    case_id,
    source,
    received_at,
    township,
    department,
    category,
    deadline,
    date_diff('day', deadline, $end) as days_overdue,
    summary,
    count(*) over () as listed_of,
from scoped('late_cases', date '1900-01-01', $end, $source, $township, $department, $category)
where is_open_past_deadline(closed_date, deadline, $end)
    and list_contains($closure_sources, source)  -- sources whose exports carry closures
    and (deadline_stated or $assumed_deadlines)
order by days_overdue desc, case_id
limit $limit
