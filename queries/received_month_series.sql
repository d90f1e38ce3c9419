-- received_series.sql by month for whole months, from the monthly rollup (months without cases
-- have no row; minyi.trends fills them).
-- Parameters: $start (a month's first day), $end (a month's last day), $source, $township,
-- $department, $category.
select
    source,
    coalesce(township, '（未填写）') as township,
    month as bucket,
    sum(received) as received,
from scoped_months($start, $end, $source, $township, $department, $category)
group by all
order by bucket, source, township
