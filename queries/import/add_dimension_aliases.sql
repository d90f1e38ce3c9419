-- Maps every unknown spelling (its matching key) to the member of $dimension with the same key. Run after
-- add_dimension_members. Reads unknown_spellings, dimension_members.
-- Parameters: $dimension (township | department).
insert into dimension_aliases
with
members as (
    select name from dimension_members where dimension = $dimension
)

select
    $dimension as dimension,
    unknown_spellings.alias,
    arg_min(members.name, length(members.name)) as name,
from unknown_spellings
inner join members
    on dimension_key($dimension, members.name) = dimension_key($dimension, unknown_spellings.alias)
group by unknown_spellings.alias
