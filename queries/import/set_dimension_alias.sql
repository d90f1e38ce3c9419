-- Declares one alias from a mapping file: $alias is another spelling of $name in $dimension.
insert or replace into dimension_aliases values ($dimension, $alias, $name)
