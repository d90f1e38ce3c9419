-- The days with at least one receipt, all sources and units together, oldest first: whether a
-- comparison window has receipts past the day this period's receipts stop
-- (minyi.filters.receipts_comparable). One row per day; no parameters.
select distinct
    received_date as day,
from case_facts
order by day
