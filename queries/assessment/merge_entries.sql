-- One row per accepted staged 考核 entry, and whether it is new, replaces a stored entry of the
-- same rule file, period, unit, item and level, or repeats it. Reads staged_entries,
-- assessment_entries. Parameters: $import_id.
create or replace temp table pending_changes as
select
    accepted.* exclude (problems),
    $import_id as import_id,
    case
        when stored.unit is null then 'new'
        when accepted.points is not distinct from stored.points and accepted.votes is not distinct from stored.votes
            then 'unchanged'
        else 'updated'
    end as change,
from staged_entries as accepted
left join assessment_entries as stored
    on stored.title = accepted.title
    and stored.period_start = accepted.period_start
    and stored.period_end = accepted.period_end
    and stored.unit = accepted.unit
    and stored.item = accepted.item
    and stored.level is not distinct from accepted.level
where len(accepted.problems) = 0
