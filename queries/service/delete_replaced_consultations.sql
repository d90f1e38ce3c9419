-- Removes the stored counts that the current import replaces. Reads pending_changes.
delete from service_consultations
using pending_changes
where pending_changes.change = 'updated'
    and service_consultations.day = pending_changes.day
    and service_consultations.by_month = pending_changes.by_month
    and service_consultations.centre is not distinct from pending_changes.centre
    and service_consultations.township is not distinct from pending_changes.township
    and service_consultations.service_level is not distinct from pending_changes.service_level
