-- Writes the new and updated cases of the current import. Reads pending_changes.
-- Rows go in ordered by receipt date, so each import's row groups cover narrow date ranges
-- and a period filter skips the rest by their min/max statistics.
insert into cases by name
select * exclude (change)
from pending_changes
where change in ('new', 'updated')
order by received_date, source
