-- One row per date field of an export table that has cells written day and month before the year
-- (01/02/2020): how many, and how many of them can only be read day-first (first part > 12) or
-- only month-first (second part > 12). Reads date_cells (field, text: the date columns of any
-- kind of export, minyi.ingest.date_order). No parameters.
with
parts as (
    select
        cast(field as varchar) as field,
        regexp_extract(trim(text), '^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}', ['first', 'second']) as part,
    from date_cells
    where regexp_matches(trim(text), '^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}')
)

select
    field,
    count(*) as written,
    count(*) filter (where cast(part.first as integer) > 12) as only_day_first,
    count(*) filter (where cast(part.second as integer) > 12) as only_month_first,
from parts
group by field
order by field
