-- Writes the new and updated survey rows of the current import. Reads pending_changes.
insert into survey_responses by name
select * exclude (change)
from pending_changes
where change in ('new', 'updated')
