-- Cases received in the period and closed by its end, but after their deadline, latest first,
-- with their total in `listed_of`. Parameters: $start, $end, $source, $township, $department,
-- $category, $limit.
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
order by days_late desc, case_id
limit $limit
