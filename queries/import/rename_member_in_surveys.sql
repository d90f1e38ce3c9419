-- Survey rows stored under a member the mapping file has just declared an alias ($alias) move to
-- the member it names ($name). Parameters: $dimension, $alias, $name.
update survey_responses
set
    township = case when $dimension = 'township' and township = $alias then $name else township end,
    department = case when $dimension = 'department' and department = $alias then $name else department end,
where $alias <> $name
    and (($dimension = 'township' and township = $alias) or ($dimension = 'department' and department = $alias))
