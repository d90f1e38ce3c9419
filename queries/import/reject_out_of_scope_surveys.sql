-- Staged survey rows an account limited to one township or department may not import: rows of
-- another unit, or of none (a county-wide survey is the county's to load), and rows that would
-- replace a stored answer of another unit or of none (a numbered questionnaire is keyed by its
-- number and item, not by its township). Each gets the problem out_of_scope, naming the row's unit.
-- Reads staged_surveys, survey_responses. Parameters: $dimension ('township' or 'department'), $unit.
update staged_surveys
set problems = list_append(
    staged_surveys.problems,
    {'field': $dimension, 'code': 'out_of_scope', 'value': judged.unit}
)
from (
    select
        staged.source_row,
        staged.response_key,
        case $dimension when 'township' then staged.township else staged.department end as unit,
        case $dimension when 'township' then stored.township else stored.department end as stored_unit,
        stored.response_key is not null as stored,
    from staged_surveys as staged
    left join survey_responses as stored
        on stored.response_key = staged.response_key
) as judged
where judged.source_row = staged_surveys.source_row  -- a wide table's row is one staged row per answer
    and judged.response_key = staged_surveys.response_key
    and (judged.unit is distinct from $unit or (judged.stored and judged.stored_unit is distinct from $unit))
