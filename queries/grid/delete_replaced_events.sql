-- Removes the stored versions of grid events that the current import updates. Reads pending_changes.
delete from grid_events
using pending_changes
where pending_changes.change = 'updated'
    and grid_events.event_id = pending_changes.event_id
