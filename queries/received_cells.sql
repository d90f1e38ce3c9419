-- Cases received in [$start, $end] within the filters, per source, township, department,
-- category and channel. minyi.trends adds the cells up to each breakdown of the trend page, so
-- one scan serves the channel, category, township and department charts of a period.
-- Parameters: $start, $end, $source, $township, $department, $category.
select
    source,
    coalesce(township, '（未填写）') as township,
    coalesce(department, '（未填写）') as department,
    coalesce(category, '（未填写）') as category,
    coalesce(channel, '（未填写）') as channel,
    count(*) as received,
from scoped('case_facts', $start, $end, $source, $township, $department, $category)
group by all
