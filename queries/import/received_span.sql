-- The earliest and latest parseable receipt date in raw_rows, to size the working-day calendar
-- (the caller clamps them to plausible dates: a typo like 9999-01-01 must not size it).
-- Each date is referenced once: DuckDB would parse again for every further reference.
-- Parameters: $empty_values, $received_day_first, $received_format (see read_timestamp).
select
    cast(min(read_timestamp(clean_cell(received_at, $empty_values), $received_day_first, $received_format)) as date) as first_day,
    cast(max(read_timestamp(clean_cell(received_at, $empty_values), $received_day_first, $received_format)) as date) as last_day,
from raw_rows
