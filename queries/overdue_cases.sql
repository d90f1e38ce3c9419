-- Cases still open past their deadline at the end of the period, whenever they were received,
-- most overdue first, with their total in `listed_of`. Parameters: $end, $source, $township,
-- $department, $category, $limit (the backlog reaches back to the first case: no $start),
-- $assumed_deadlines (false: only deadlines the export stated). Cases whose exports had no
-- closure column are never listed: open only means unknown there.
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
    and closure_known  -- an export of the case had a closure column: open means open
    and (deadline_stated or $assumed_deadlines)
order by days_overdue desc, case_id
limit $limit
