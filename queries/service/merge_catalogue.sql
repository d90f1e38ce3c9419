-- One row per accepted staged matter of a 事项目录, and whether the stored list of its year has it
-- and level (unchanged, or updated when its code, type or department changed) or not (new). The
-- stored matters of those years and levels that the file leaves out are dropped by
-- delete_replaced_catalogue.
-- Reads staged_catalogue, service_catalogue. Parameters: $import_id.
create or replace temp table pending_changes as
select
    accepted.* exclude (problems),
    $import_id as import_id,
    case
        when stored.year is null then 'new'
        when (accepted.matter_code, accepted.matter_type, accepted.department)
            is not distinct from (stored.matter_code, stored.matter_type, stored.department) then 'unchanged'
        else 'updated'
    end as change,
from staged_catalogue as accepted
left join service_catalogue as stored
    on stored.year = accepted.year
    and stored.service_level is not distinct from accepted.service_level
    and stored.matter_name = accepted.matter_name
where len(accepted.problems) = 0
