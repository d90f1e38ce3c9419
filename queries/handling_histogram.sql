-- How many cases took each number of calendar days from receipt to closure, for the cases
-- received in the period and closed by its end.
-- Parameters: $start, $end, $source, $township, $department, $category.
select
    date_diff('day', received_date, cast(closed_at as date)) as handling_days,
    count(*) as cases,
from scoped_cases($start, $end, $source, $township, $department, $category)
where cast(closed_at as date) <= $end
group by handling_days
order by handling_days
