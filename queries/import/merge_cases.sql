-- One row per accepted staged case, merged with the stored case of the same (source, case_id),
-- and whether that makes it new, updated or unchanged. A field the export leaves empty keeps its
-- stored value (a closure-only follow-up export must not erase the township), and closure and
-- callback results never go backwards: an older export re-imported later keeps the newer closure.
-- closure_known / repeat_known, once an export carried the column for the case, stay true; a case
-- whose only change is that it is now known counts as unchanged (import/mark_known_cases writes it).
-- Reads staged_cases, cases. Parameters: $import_id.
create or replace temp table pending_changes as
with
accepted as (
    select * from staged_cases where len(problems) = 0
),

stored as (
    select * from cases
),

merged as (
    select
        accepted.source,
        accepted.case_id,
        coalesce(accepted.channel, stored.channel) as channel,
        accepted.received_at,
        accepted.received_date,
        coalesce(accepted.township, stored.township) as township,
        coalesce(accepted.village, stored.village) as village,
        coalesce(accepted.department, stored.department) as department,
        coalesce(accepted.category, stored.category) as category,
        -- a deadline the export stated outlives a later export that leaves it to the rule
        case
            when accepted.deadline_basis like 'rule%' and stored.deadline_basis like 'export%' then stored.deadline
            else accepted.deadline
        end as deadline,
        case
            when accepted.deadline_basis like 'rule%' and stored.deadline_basis like 'export%'
                then stored.deadline_basis
            else accepted.deadline_basis
        end as deadline_basis,
        coalesce(accepted.extended, stored.extended, false) as extended,
        coalesce(accepted.closed_at, stored.closed_at) as closed_at,
        case
            when accepted.satisfaction = '未回访' and stored.satisfaction is not null then stored.satisfaction
            else accepted.satisfaction
        end as satisfaction,
        coalesce(accepted.is_repeat, stored.is_repeat, false) as is_repeat,
        coalesce(accepted.summary, stored.summary) as summary,
        accepted.closure_known or coalesce(stored.closure_known, false) as closure_known,
        accepted.repeat_known or coalesce(stored.repeat_known, false) as repeat_known,
        accepted.source_file,
        accepted.source_row,
        $import_id as import_id,
        stored.case_id is not null as existed,
        stored.channel as old_channel,
        stored.received_at as old_received_at,
        stored.township as old_township,
        stored.village as old_village,
        stored.department as old_department,
        stored.category as old_category,
        stored.deadline as old_deadline,
        stored.deadline_basis as old_deadline_basis,
        stored.extended as old_extended,
        stored.closed_at as old_closed_at,
        stored.satisfaction as old_satisfaction,
        stored.is_repeat as old_is_repeat,
        stored.summary as old_summary,
    from accepted
    left join stored
        on stored.source = accepted.source and stored.case_id = accepted.case_id
)

select
    * exclude (existed, old_channel, old_received_at, old_township, old_village, old_department,
        old_category, old_deadline, old_deadline_basis, old_extended, old_closed_at, old_satisfaction,
        old_is_repeat, old_summary),
    case
        when not existed then 'new'
        when channel is not distinct from old_channel
            and received_at is not distinct from old_received_at
            and township is not distinct from old_township
            and village is not distinct from old_village
            and department is not distinct from old_department
            and category is not distinct from old_category
            and deadline is not distinct from old_deadline
            and deadline_basis is not distinct from old_deadline_basis
            and extended is not distinct from old_extended
            and closed_at is not distinct from old_closed_at
            and satisfaction is not distinct from old_satisfaction
            and is_repeat is not distinct from old_is_repeat
            and summary is not distinct from old_summary
            then 'unchanged'
        else 'updated'
    end as change,
from merged
