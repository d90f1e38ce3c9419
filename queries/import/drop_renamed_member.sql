-- Removes a member that a mapping file has declared to be an alias of another ($name).
-- Parameters: $dimension, $alias, $name.
delete from dimension_members
where dimension = $dimension
    and name = $alias
    and $alias <> $name
