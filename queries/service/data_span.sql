-- One row: the first and last day any 办件 was received, and how many are stored. No parameters.
select
    cast(min(received_at) as date) as first_day,
    cast(max(received_at) as date) as last_day,
    count(*) as records,
from service_items
