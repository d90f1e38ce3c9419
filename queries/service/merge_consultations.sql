-- One row per accepted staged 咨询人次 row, and whether it is new, replaces a stored count of the
-- same centre, township and level and day (or month), or repeats it. Reads staged_consultations,
-- service_consultations. Parameters: $import_id.
create or replace temp table pending_changes as
select
    accepted.* exclude (problems),
    $import_id as import_id,
    case
        when stored.day is null then 'new'
        when accepted.visits = stored.visits then 'unchanged'
        else 'updated'
    end as change,
from staged_consultations as accepted
left join service_consultations as stored
    on stored.day = accepted.day
    and stored.by_month = accepted.by_month
    and stored.centre is not distinct from accepted.centre
    and stored.township is not distinct from accepted.township
    and stored.service_level is not distinct from accepted.service_level
where len(accepted.problems) = 0
