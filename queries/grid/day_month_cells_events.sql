-- One row per date field of a grid-event export that has cells written day and month before the
-- year (01/02/2020): how many, and how many of them can only be read day-first (first part > 12)
-- or only month-first (second part > 12). Reads raw_rows. No parameters.
with
cells as (
    select unnest([
        {'field': 'found_at', 'text': trim(found_at)},
        {'field': 'reported_at', 'text': trim(reported_at)},
        {'field': 'registered_at', 'text': trim(registered_at)},
        {'field': 'dispatched_at', 'text': trim(dispatched_at)},
        {'field': 'deadline', 'text': trim(deadline)},
        {'field': 'disposed_at', 'text': trim(disposed_at)},
        {'field': 'closed_at', 'text': trim(closed_at)},
    ], recursive := true)
    from raw_rows
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
