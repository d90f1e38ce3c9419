-- One row per year of the current import with how many matters its stored lists (of the levels the
-- file holds, from earlier imports) had that the file leaves out, dropped when the lists are
-- replaced. Reads pending_changes, service_catalogue.
select
    stored.year,
    count(*) as dropped,
from service_catalogue as stored
left join pending_changes as listed
    on listed.year = stored.year
    and listed.service_level is not distinct from stored.service_level
    and listed.matter_name = stored.matter_name
where (stored.year, coalesce(stored.service_level, '')) in (select year, coalesce(service_level, '') from pending_changes)
    and stored.import_id is distinct from (select max(import_id) from pending_changes)
    and listed.year is null
group by stored.year
order by stored.year
