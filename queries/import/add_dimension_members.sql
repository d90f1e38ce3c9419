-- Registers as new members of $dimension the unknown spellings that the key of no known member
-- matches (the key drops 镇/乡/街道 from townships, a leading 县/区/市 from departments). Spellings
-- sharing a key become one member, named by the longest spelling.
-- Reads unknown_spellings, dimension_members. Parameters: $dimension (township | department).
insert into dimension_members (dimension, name, kind)
with
unmatched as (
    select alias from unknown_spellings
    where dimension_key($dimension, alias) not in (
        select dimension_key($dimension, name) from dimension_members where dimension = $dimension
    )
),

named as (
    select arg_max(alias, length(alias)) as name,
    from unmatched
    group by dimension_key($dimension, alias)
)

select
    $dimension as dimension,
    name,
    case when $dimension = 'township' then township_kind(name) end as kind,
from named
