-- Staged 考核 entries an account limited to one township or department may not import: the 考核
-- of every unit is the county's 考核办's. Each gets the problem out_of_scope. Reads staged_entries.
-- Parameters: $dimension ('township' or 'department'), $unit.
update staged_entries
set problems = list_append(problems, {'field': 'assessed_unit', 'code': 'out_of_scope', 'value': unit})
where $dimension is not null and $unit is not null
