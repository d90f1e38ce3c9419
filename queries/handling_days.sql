-- How many cases took each number of calendar days from receipt to closure, per reporting unit
-- (see scoped_units), for the cases received in the period and closed by its end. Medians, P90
-- and the distribution chart are all read off these counts.
-- Parameters: $start, $end, $source, $township, $department, $category, $by.
select
    unit,
    handling_days,
    count(*) as cases,
from scoped_units($start, $end, $source, $township, $department, $category, $by)
where closed_date <= $end
group by unit, handling_days
order by unit, handling_days
