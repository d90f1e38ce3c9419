-- The cases behind a number, newest first, for drill-down. Personal data is never stored, so
-- every column here is safe to show; closure_known tells an open case (办结时间 empty) from one
-- whose export carried no 办结时间. Parameters: scope ($start ... $category), $limit.
select
    case_id,
    source,
    received_at,
    channel,
    township,
    village,
    department,
    category,
    deadline,
    closed_at,
    closure_known,
    satisfaction,
    is_repeat,
    summary,
from scoped('cases', $start, $end, $source, $township, $department, $category)
order by received_at desc, case_id
limit $limit
