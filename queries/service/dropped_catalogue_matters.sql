-- One row per year of the current import with how many matters its stored list had that the file
-- leaves out (dropped when the list is replaced). Reads pending_changes, service_catalogue.
select
    stored.year,
    count(*) as dropped,
from service_catalogue as stored
left join pending_changes as listed
    on listed.year = stored.year
    and listed.service_level is not distinct from stored.service_level
    and listed.matter_name = stored.matter_name
where stored.year in (select year from pending_changes)
    and listed.year is null
group by stored.year
order by stored.year
