-- One row per day with 办件 received (records) or finished (closures), oldest first: the span,
-- months and days the sidebar offers on the 便民服务 page (minyi.filters.read_choices); the data's
-- end is the latest of either, so a period is never cut before closures. Reads the rollup
-- service_item_days. No parameters.
select day, records, closures,
from service_item_days
order by day
