-- A 事项目录 is the county's list: an account limited to one township or department imports none
-- of it. Each row gets the problem out_of_scope. Reads staged_catalogue. Parameters: $dimension, $unit.
update staged_catalogue
set problems = list_append(problems, {'field': $dimension, 'code': 'out_of_scope', 'value': null})
where $unit is not null
