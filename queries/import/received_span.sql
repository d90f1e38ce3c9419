-- The earliest and latest plausible receipt date in raw_rows (between $earliest and $now: a typo
-- like 9999-01-01 is rejected later and must not size the calendar), for the working-day calendar.
-- Parameters: $now, $earliest, $empty_values.
with
received as (
    select parse_timestamp(clean_cell(received_at, $empty_values)) as received_at,
    from raw_rows
)

select
    min(cast(received_at as date)) as first_day,
    max(cast(received_at as date)) as last_day,
from received
where received_at between $earliest and $now
