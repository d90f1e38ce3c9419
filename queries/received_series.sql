-- Cases received per reporting unit (see scoped_units) and per month, week or day, for the
-- trend charts and the township × month heatmap. Weeks start on Monday.
-- Parameters: $start, $end, $source, $township, $department, $category, $by, $grain (month | week | day).
select
    unit,
    date_trunc($grain, received_date) as bucket,
    count(*) as received,
from scoped_units($start, $end, $source, $township, $department, $category, $by)
group by unit, bucket
order by bucket, unit
