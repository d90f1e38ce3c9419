-- How many cases a scope holds (the drill-down list shows at most a page of them).
-- Parameters: $start, $end, $source, $township, $department, $category.
select count(*) as cases
from scoped('cases', $start, $end, $source, $township, $department, $category)
