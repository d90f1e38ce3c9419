-- Handling time in calendar days (receipt date to closure date) of the cases received in the
-- period and closed by its end, per reporting unit (see scoped_units): median, P90 and mean.
-- Parameters: $start, $end, $source, $township, $department, $category, $by.
select
    unit,
    count(*) as closed,
    quantile_disc(handling_days, 0.5) as median_days,
    quantile_disc(handling_days, 0.9) as p90_days,
    avg(handling_days) as mean_days,
from (
    select
        unit,
        date_diff('day', received_date, cast(closed_at as date)) as handling_days,
    from scoped_units($start, $end, $source, $township, $department, $category, $by)
    where cast(closed_at as date) <= $end
)
group by unit
order by p90_days desc, unit
