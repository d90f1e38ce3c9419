-- One row per accepted staged grid event, merged with the stored event of the same id, and whether
-- that makes it new, updated or unchanged. A field the export leaves empty keeps its stored value
-- (a closure-only follow-up export must not erase the grid), and a disposal or closure, once
-- recorded, is never erased by an older export re-imported later.
-- Reads staged_grid_events, grid_events. Parameters: $import_id.
create or replace temp table pending_changes as
with
accepted as (
    select * exclude (problems) from staged_grid_events where len(problems) = 0
),

merged as (
    select
        accepted.event_id,
        coalesce(accepted.township, stored.township) as township,
        coalesce(accepted.village, stored.village) as village,
        coalesce(accepted.grid, stored.grid) as grid,
        coalesce(accepted.grid_code, stored.grid_code) as grid_code,
        coalesce(accepted.department, stored.department) as department,
        coalesce(accepted.event_source, stored.event_source) as event_source,
        case
            when accepted.event_source is null then coalesce(stored.found_by_staff, false)
            else accepted.found_by_staff
        end as found_by_staff,
        coalesce(accepted.category, stored.category) as category,
        -- the event's date from the merged times (上报, else 发现, else 立案), so a follow-up export
        -- carrying only 立案时间 does not move an event whose 上报时间 is stored
        coalesce(accepted.reported_at, stored.reported_at, accepted.found_at, stored.found_at,
                 accepted.registered_at, stored.registered_at) as event_at,
        coalesce(accepted.found_at, stored.found_at) as found_at,
        coalesce(accepted.reported_at, stored.reported_at) as reported_at,
        coalesce(accepted.registered_at, stored.registered_at) as registered_at,
        coalesce(accepted.dispatched_at, stored.dispatched_at) as dispatched_at,
        coalesce(accepted.deadline, stored.deadline) as deadline,
        coalesce(accepted.disposed_at, stored.disposed_at) as disposed_at,
        coalesce(accepted.closed_at, stored.closed_at) as closed_at,
        coalesce(accepted.status, stored.status) as status,
        case when accepted.status is null then coalesce(stored.registered, true) else accepted.registered end
            as registered,
        case
            when accepted.satisfaction = '未回访' and stored.satisfaction is not null then stored.satisfaction
            else accepted.satisfaction
        end as satisfaction,
        coalesce(accepted.summary, stored.summary) as summary,
        accepted.source_file,
        accepted.source_row,
        $import_id as import_id,
        stored.event_id is not null as existed,
        stored as old,
    from accepted
    left join grid_events as stored
        on stored.event_id = accepted.event_id
)

select
    merged.* exclude (existed, old),
    case
        when not existed then 'new'
        when (township, village, grid, grid_code, department, event_source, found_by_staff, category, event_at, found_at, reported_at,
              registered_at, dispatched_at, deadline, disposed_at, closed_at, status, registered, satisfaction, summary)
            is not distinct from
            (old.township, old.village, old.grid, old.grid_code, old.department, old.event_source, old.found_by_staff, old.category, old.event_at,
             old.found_at, old.reported_at, old.registered_at, old.dispatched_at, old.deadline, old.disposed_at,
             old.closed_at, old.status, old.registered, old.satisfaction, old.summary)
            then 'unchanged'
        else 'updated'
    end as change,
from merged
