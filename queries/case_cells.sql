-- Counts of the cases received in [$start, $end] within the filters, per source, township,
-- department, callback answer, whether the export stated the deadline and whether its exports
-- carried closure and repeat columns (closure_known, repeat_known), closure judged as of $end. minyi.metrics.case_counts adds the
-- cells up to whatever unit a page shows, so one scan serves the county, source, township and
-- department breakdowns of a period. Parameters: $start, $end, $source, $township, $department, $category.
select
    source,
    coalesce(township, '（未填写）') as township,
    coalesce(department, '（未填写）') as department,
    satisfaction,
    deadline_stated,
    closure_known,
    repeat_known,
    count(*) as received,
    count_if(closed_date <= $end) as closed,
    count_if(closed_on_time and closed_date <= $end) as closed_on_time,
    count_if(is_repeat) as repeat_cases,
from scoped('case_facts', $start, $end, $source, $township, $department, $category)
group by all
