-- What case_cells_whole_months leaves out for the parts whose as_of falls inside a month: one row
-- per part and cell with the closures of as_of's month up to as_of of the cases received in the
-- part's months, read from case_facts (a closure this recent is of a case received in the last
-- few months, so the scan skips most row groups by their closure dates). Added to the whole
-- months' rows, they give the closures as of as_of.
-- Parameters: $parts (as case_cells_whole_months), $day_from, $day_to, $source, $township,
-- $department, $category.
select
    part,
    source,
    coalesce(township, '（未填写）') as township,
    coalesce(department, '（未填写）') as department,
    cast(null as varchar) as satisfaction,
    deadline_stated,
    closure_known,
    repeat_known,
    count(*) as closed,
    count(*) filter (where closed_on_time) as closed_on_time,
from (select unnest($parts, recursive := true), generate_subscripts($parts, 1) as part) as periods
join case_facts as facts on facts.received_date between periods.start and periods.end
where closed_date between $day_from and $day_to
    and closed_date between date_trunc('month', as_of) and as_of
    and last_day(as_of) > as_of
    and matches(source, $source)
    and matches(township, $township)
    and matches(department, $department)
    and matches(category, $category)
group by all
