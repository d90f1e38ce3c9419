-- Writes the whole list of the years the current import holds. Reads pending_changes.
insert into service_catalogue by name
select * exclude (change)
from pending_changes
