-- Writes the new and updated 办件 of the current import. Reads pending_changes.
insert into service_items by name
select * exclude (change)
from pending_changes
where change in ('new', 'updated')
