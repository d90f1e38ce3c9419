-- Cases open past their deadline at $end, per source, township, department and whether the
-- export stated the deadline (deadline_stated) and whether its exports carried closures
-- (closure_known; without, "open" only means unknown): all of them
-- (`overdue_open`, the backlog, however long ago received) and those received in [$start, $end]
-- (`open_past_deadline`, which the due-based 按时办结率 counts as due).
-- Parameters: $start, $end, $source, $township, $department, $category.
select
    source,
    coalesce(township, '（未填写）') as township,
    coalesce(department, '（未填写）') as department,
    deadline_stated,
    closure_known,
    count(*) filter (where received_date >= $start) as open_past_deadline,
    count(*) as overdue_open,
from scoped('late_cases', date '1900-01-01', $end, $source, $township, $department, $category)
where is_open_past_deadline(closed_date, deadline, $end)
group by all
