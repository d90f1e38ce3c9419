-- One row per accepted staged 办件, merged with the stored 办件 of the same id, and whether that
-- makes it new, updated or unchanged. A field the export leaves empty keeps its stored value (a
-- follow-up export of 办结 or 评价 only must not erase the matter or the centre), and a closure,
-- a rating or an 整改, once recorded, is never erased by an older export re-imported later.
-- Reads staged_service_items, service_items. Parameters: $import_id.
create or replace temp table pending_changes as
with
accepted as (
    select * exclude (problems) from staged_service_items where len(problems) = 0
),

merged as (
    select
        accepted.item_id,
        coalesce(accepted.matter_name, stored.matter_name) as matter_name,
        coalesce(accepted.matter_type, stored.matter_type) as matter_type,
        coalesce(accepted.service_level, stored.service_level) as service_level,
        coalesce(accepted.centre, stored.centre) as centre,
        coalesce(accepted.township, stored.township) as township,
        coalesce(accepted.department, stored.department) as department,
        coalesce(accepted.service_mode, stored.service_mode) as service_mode,
        case when accepted.service_mode is null then stored.online else accepted.online end as online,
        accepted.received_at,
        coalesce(accepted.deadline, stored.deadline) as deadline,
        coalesce(accepted.closed_at, stored.closed_at) as closed_at,
        accepted.closure_known or coalesce(stored.closure_known, false) as closure_known,
        case
            when accepted.satisfaction = '未回访' and stored.satisfaction is not null then stored.satisfaction
            else accepted.satisfaction
        end as satisfaction,
        coalesce(accepted.rectified or stored.rectified, accepted.rectified, stored.rectified) as rectified,
        accepted.source_file,
        accepted.source_row,
        $import_id as import_id,
        stored.item_id is not null as existed,
        stored as old,
    from accepted
    left join service_items as stored
        on stored.item_id = accepted.item_id
)

select
    merged.* exclude (existed, old),
    case
        when not existed then 'new'
        when (matter_name, matter_type, service_level, centre, township, department, service_mode, online, received_at,
              deadline, closed_at, closure_known, satisfaction, rectified)
            is not distinct from
            (old.matter_name, old.matter_type, old.service_level, old.centre, old.township, old.department,
             old.service_mode, old.online, old.received_at, old.deadline, old.closed_at, old.closure_known,
             old.satisfaction, old.rectified)
            then 'unchanged'
        else 'updated'
    end as change,
from merged
