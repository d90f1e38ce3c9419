-- Writes the whole list of the years and levels the current import holds (a matter another sheet
-- of this import already wrote is not written twice). Reads pending_changes.
insert into service_catalogue by name
select * exclude (change)
from pending_changes
where not exists (
    select 1 from service_catalogue as written
    where written.import_id = pending_changes.import_id
        and written.year = pending_changes.year
        and written.service_level is not distinct from pending_changes.service_level
        and written.matter_name = pending_changes.matter_name
)
