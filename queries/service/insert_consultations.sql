-- Writes the new and replacing 咨询人次 rows of the current import. Reads pending_changes.
insert into service_consultations by name
select * exclude (change)
from pending_changes
where change in ('new', 'updated')
