-- Cases received per source, township and month, week or day (weeks start on Monday), for the
-- trend lines and the township × month heatmap, which add the cells up their own way. Buckets
-- without cases have no row; minyi.trends fills them with 0 within the period and the data's span.
-- Parameters: $start, $end, $source, $township, $department, $category, $grain (month | week | day).
select
    source,
    coalesce(township, '（未填写）') as township,
    date_trunc($grain, received_date) as bucket,
    count(*) as received,
from scoped('case_facts', $start, $end, $source, $township, $department, $category)
group by all
order by bucket, source, township
