-- Registers $name as a member of $dimension if it is not one yet (from a mapping file's aliases).
insert or ignore into dimension_members (dimension, name, kind)
select $dimension, $name, case when $dimension = 'township' then township_kind($name) end
