-- Removes the stored lists of the years and levels the current import holds: a catalogue file is the
-- whole list of its years on its levels (a matter it leaves out was cut). What an earlier sheet or
-- file of the same import wrote stays. Reads pending_changes.
delete from service_catalogue
where (year, coalesce(service_level, '')) in (select year, coalesce(service_level, '') from pending_changes)
    and import_id is distinct from (select max(import_id) from pending_changes)
