-- When a mapping file says $alias is another spelling of $name, every spelling that led to a member
-- named $alias now leads to $name. Parameters: $dimension, $alias, $name.
update dimension_aliases
set name = $name
where dimension = $dimension
    and name = $alias
    and $alias <> $name
