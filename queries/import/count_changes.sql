-- One row per kind of change (new, updated, unchanged) in the current import, with its row count.
-- Reads pending_changes (written by merge_cases or merge_surveys).
select
    change,
    count(*) as row_count,
from pending_changes
group by change
