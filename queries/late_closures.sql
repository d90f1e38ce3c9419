-- Cases received in the period and closed by its end, but after their deadline, latest first,
-- with their total in `listed_of`. Parameters: $start, $end, $source, $township, $department,
-- $category, $limit, $assumed_deadlines (false: only deadlines the export stated).
select
    case_id,
    source,
    received_at,
    township,
    department,
    category,
    deadline,
    closed_at,
    date_diff('day', deadline, closed_date) as days_late,
    summary,
    count(*) over () as listed_of,
from scoped('late_cases', $start, $end, $source, $township, $department, $category)
where closed_date <= $end
    and closed_date > deadline
    and closure_known  -- an export of the case had a closure column: open means open
    and (deadline_stated or $assumed_deadlines)
order by days_late desc, case_id
limit $limit
