-- Writes the new and replacing 考核 entries of the current import. Reads pending_changes.
insert into assessment_entries by name
select * exclude (change)
from pending_changes
where change in ('new', 'updated')
