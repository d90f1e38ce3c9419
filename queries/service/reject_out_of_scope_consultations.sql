-- Staged 咨询人次 rows an account limited to one township may not import: another township's, or
-- of none (the 县 centre's count is the county's); an account limited to a department imports none
-- (centres are no department's). Each gets the problem out_of_scope, naming the row's township.
-- Reads staged_consultations. Parameters: $dimension ('township' or 'department'), $unit.
update staged_consultations
set problems = list_append(problems, {'field': $dimension, 'code': 'out_of_scope',
                                      'value': case $dimension when 'township' then township end})
where $dimension <> 'township' or township is distinct from $unit
