-- The member the mapping file renames now, for import/touch_renamed_months.
-- Parameters: $dimension, $alias, $name.
set variable renamed_member = {'dimension': $dimension, 'alias': $alias, 'name': $name}
