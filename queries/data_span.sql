-- The span of the data (nulls when there are no cases): the first receipt, the last receipt, and
-- the data's end, the latest date of any kind in it (receipt or closure; callbacks carry no date),
-- so a period is never cut before closures the export records. One row; no parameters.
with
received as (
    select
        min(received_date) as first_day,
        max(received_date) as last_received,
        max(cast(closed_at as date)) as last_closed,
    from cases
)

select
    first_day,
    last_received,
    greatest(last_received, coalesce(last_closed, last_received)) as last_day,
from received
