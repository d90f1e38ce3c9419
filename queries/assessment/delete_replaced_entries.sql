-- Removes the stored 考核 entries that the current import replaces. Reads pending_changes.
delete from assessment_entries
using pending_changes
where pending_changes.change = 'updated'
    and assessment_entries.title = pending_changes.title
    and assessment_entries.period_start = pending_changes.period_start
    and assessment_entries.period_end = pending_changes.period_end
    and assessment_entries.unit = pending_changes.unit
    and assessment_entries.item = pending_changes.item
    and assessment_entries.level is not distinct from pending_changes.level
