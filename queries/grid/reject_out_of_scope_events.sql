-- Staged grid events an account limited to one township or department may not import: the
-- event's own unit (township, or disposing department), or that of the stored event it would
-- update, is another (or none: a stored record without a unit is the county's). Each gets the problem out_of_scope, naming the event's unit.
-- Reads staged_grid_events, grid_events. Parameters: $dimension ('township' or 'department'), $unit.
update staged_grid_events
set problems = list_append(
    staged_grid_events.problems,
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
        stored.event_id is not null as stored,
    from staged_grid_events as staged
    left join grid_events as stored
        on stored.event_id = staged.event_id
) as judged
where judged.source_row = staged_grid_events.source_row
    and (judged.unit is distinct from $unit or (judged.stored and judged.stored_unit is distinct from $unit))
