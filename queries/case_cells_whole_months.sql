-- case_cells for whole months, from the rollup case_steps, for several periods at once (a view's
-- period, its 同比 and its 环比 cost one query): one row per part (1, 2, ... in the order of $parts)
-- and cell, counting the cases received in the part's months [start, end] with closure judged as
-- of the end of its as_of (a day on or after end) when as_of is a month's last day; otherwise as of
-- the end of the month before as_of's, and case_cells_inside_month adds the closures of as_of's
-- month up to as_of. $first and $last bound every part's months, so the scan skips the row groups
-- outside them.
-- Parameters: $parts (a list of {start: a month's first day, end: a month's last day, as_of}),
-- $first, $last, $source, $township, $department, $category.
select
    part,
    source,
    coalesce(township, '（未填写）') as township,
    coalesce(department, '（未填写）') as department,
    satisfaction,
    deadline_stated,
    closure_known,
    repeat_known,
    cast(coalesce(sum(received), 0) as bigint) as received,
    cast(coalesce(sum(closed), 0) as bigint) as closed,
    cast(coalesce(sum(closed_on_time), 0) as bigint) as closed_on_time,
    cast(coalesce(sum(repeat_cases), 0) as bigint) as repeat_cases,
from (select unnest($parts, recursive := true), generate_subscripts($parts, 1) as part) as periods
join case_steps as steps on steps.month between periods.start and periods.end
where steps.month between $first and $last
    and in_scope(steps.month, source, township, department, category,
                 $first, $last, $source, $township, $department, $category)
    and (step_month < date_trunc('month', as_of)
        or (step_month = date_trunc('month', as_of) and last_day(as_of) = as_of))
group by all
