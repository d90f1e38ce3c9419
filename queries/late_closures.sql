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
    date_diff('day', deadline, cast(closed_at as date)) as days_late,
    summary,
    count(*) over () as listed_of,
from scoped_cases($start, $end, $source, $township, $department, $category)
where cast(closed_at as date) <= $end
    and cast(closed_at as date) > deadline
order by days_late desc, case_id
limit $limit
