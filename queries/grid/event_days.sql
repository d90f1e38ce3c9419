-- One row per day with grid events reported (records) or closed (closures), oldest first: the
-- span, months and days the sidebar offers on the 网格 page (minyi.filters.read_choices); the
-- data's end is the latest of either, so a period is never cut before closures. Reads the rollup
-- grid_event_days. No parameters.
select day, records, closures,
from grid_event_days
order by day
