-- Staged survey rows an account limited to one township or department may not import: rows of
-- another unit, or of none (a county-wide survey is the county's to load). Each gets the problem
-- out_of_scope, naming the row's unit. Reads staged_surveys.
-- Parameters: $dimension ('township' or 'department'), $unit.
update staged_surveys
set problems = list_append(
    problems,
    {'field': $dimension, 'code': 'out_of_scope',
     'value': case $dimension when 'township' then township else department end}
)
where (case $dimension when 'township' then township else department end) is distinct from $unit
