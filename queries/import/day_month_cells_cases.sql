-- One row per date field of a case export (received_at, closed_at, deadline) that has cells written
-- day and month before the year (01/02/2020): how many, and how many of them can only be read
-- day-first (first part > 12) or only month-first (second part > 12).
-- Reads raw_rows. No parameters.
with
cells as (
    select 'received_at' as field, trim(received_at) as text from raw_rows
    union all
    select 'closed_at' as field, trim(closed_at) as text from raw_rows
    union all
    select 'deadline' as field, trim(deadline) as text from raw_rows
),

parts as (
    select
        field,
        regexp_extract(text, '^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}', ['first', 'second']) as part,
    from cells
    where regexp_matches(text, '^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}')
)

select
    field,
    count(*) as written,
    count(*) filter (where cast(part.first as integer) > 12) as only_day_first,
    count(*) filter (where cast(part.second as integer) > 12) as only_month_first,
from parts
group by field
order by field
