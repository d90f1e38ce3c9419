-- The earliest and latest parseable receipt date in raw_rows, to size the working-day calendar.
select
    min(cast(parse_timestamp(received_at) as date)) as first_day,
    max(cast(parse_timestamp(received_at) as date)) as last_day,
from raw_rows
