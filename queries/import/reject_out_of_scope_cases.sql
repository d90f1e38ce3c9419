-- Staged case rows an account limited to one township or department may not import: the row's
-- own unit, or that of the stored case it would update, is another (or none). A closure-only row
-- that leaves the township empty is judged by the stored case it updates. Each gets the problem
-- out_of_scope, naming the unit the row belongs to. Reads staged_cases, cases.
-- Parameters: $dimension ('township' or 'department'), $unit.
update staged_cases
set problems = list_append(
    staged_cases.problems,
    {'field': $dimension, 'code': 'out_of_scope', 'value': judged.unit}
)
from (
    select
        staged.source_row,
        case $dimension
            when 'township' then coalesce(staged.township, stored.township)
            else coalesce(staged.department, stored.department)
        end as unit,
        case $dimension when 'township' then stored.township else stored.department end as stored_unit,
        stored.case_id is not null as stored,
    from staged_cases as staged
    left join cases as stored
        on stored.source = staged.source and stored.case_id = staged.case_id
) as judged
where judged.source_row = staged_cases.source_row
    and (judged.unit is distinct from $unit or (judged.stored and judged.stored_unit is distinct from $unit))
