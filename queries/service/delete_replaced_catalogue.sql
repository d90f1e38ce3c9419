-- Removes the stored lists of the years the current import holds: a catalogue file is the whole
-- list of its years (a matter it leaves out was cut). Reads pending_changes.
delete from service_catalogue
where year in (select year from pending_changes)
