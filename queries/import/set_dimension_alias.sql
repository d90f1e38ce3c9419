-- Declares one alias from a mapping file: $alias is another spelling of $name in $dimension
-- (stored as its matching key, as every alias is; see spelling_key).
insert or replace into dimension_aliases values ($dimension, spelling_key($alias), $name)
