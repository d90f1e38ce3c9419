-- The survey_date cells of a survey export written day and month before the year (01/02/2020):
-- how many, and how many can only be read day-first (first part > 12) or only month-first
-- (second part > 12); one row, or none when there are no such cells.
-- Reads raw_rows. No parameters.
with
parts as (
    select
        'survey_date' as field,
        regexp_extract(trim(survey_date), '^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}', ['first', 'second']) as part,
    from raw_rows
    where regexp_matches(trim(survey_date), '^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}')
)

select
    field,
    count(*) as written,
    count(*) filter (where cast(part.first as integer) > 12) as only_day_first,
    count(*) filter (where cast(part.second as integer) > 12) as only_month_first,
from parts
group by field
