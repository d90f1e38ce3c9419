-- Writes the new and updated grid events of the current import. Reads pending_changes.
insert into grid_events by name
select * exclude (change)
from pending_changes
where change in ('new', 'updated')
