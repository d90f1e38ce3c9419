-- Counts of the cases received in [$start, $end] within the filters, per source, township,
-- department, callback answer, whether the export stated the deadline and whether its exports
-- carried closure and repeat columns (closure_known, repeat_known), closure judged as of $as_of.
-- minyi.metrics.case_counts adds the cells up to whatever unit a page shows, so one scan serves the
-- county, source, township and department breakdowns of a period. For whole months minyi.metrics reads the monthly rollup
-- instead (case_cells_whole_months); this query counts the days around them.
-- Counts are count(*) filter (where ...): DuckDB's count_if gives null, not 0, when the condition is
-- null for every case of a cell (none closed), and ClickHouse's countIf gives 0.
-- Parameters: $start, $end, $as_of (the day closure is judged at, on or after $end), $source,
-- $township, $department, $category.
select
    source,
    coalesce(township, '（未填写）') as township,
    coalesce(department, '（未填写）') as department,
    satisfaction,
    deadline_stated,
    closure_known,
    repeat_known,
    count(*) as received,
    count(*) filter (where closed_date <= $as_of) as closed,
    count(*) filter (where closed_on_time and closed_date <= $as_of) as closed_on_time,
    count(*) filter (where is_repeat) as repeat_cases,
from scoped('case_facts', $start, $end, $source, $township, $department, $category)
group by all
