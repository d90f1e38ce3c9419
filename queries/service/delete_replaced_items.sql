-- Removes the stored versions of 办件 that the current import updates. Reads pending_changes.
delete from service_items
using pending_changes
where pending_changes.change = 'updated'
    and service_items.item_id = pending_changes.item_id
