-- Staged 办件 an account limited to one township or department may not import: the 办件's own unit
-- (township, or 实施部门), or that of the stored 办件 it would update, is another (or none: a
-- stored 办件 without a unit is the county's). Each gets the problem out_of_scope, naming the unit.
-- Reads staged_service_items, service_items. Parameters: $dimension ('township' or 'department'), $unit.
update staged_service_items
set problems = list_append(
    staged_service_items.problems,
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
        stored.item_id is not null as stored,
    from staged_service_items as staged
    left join service_items as stored
        on stored.item_id = staged.item_id
) as judged
where judged.source_row = staged_service_items.source_row
    and (judged.unit is distinct from $unit or (judged.stored and judged.stored_unit is distinct from $unit))
