-- Removes the stored versions of cases that the current import updates (re-inserted next).
-- Reads pending_changes.
delete from cases
using pending_changes
where pending_changes.change = 'updated'
    and cases.source = pending_changes.source
    and cases.case_id = pending_changes.case_id
