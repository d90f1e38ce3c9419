-- Writes the new and updated cases of the current import. Reads pending_changes.
insert into cases by name
select * exclude (change)
from pending_changes
where change in ('new', 'updated')
