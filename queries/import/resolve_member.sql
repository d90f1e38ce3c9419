-- The member of $dimension that a mapping file's target spelling $name stands for: the member of
-- that name, or the member it is already an alias of; $name itself otherwise (then it becomes a
-- member, taking over any member the mapping declares its alias). Parameters: $dimension, $name.
select
    coalesce(
        (select name from dimension_members where dimension = $dimension and name = $name),
        (select name from dimension_aliases where dimension = $dimension and alias = spelling_key($name)),
        $name
    ) as name
