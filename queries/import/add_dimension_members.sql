-- Registers as new members of $dimension the unknown spellings that the key of no known member
-- matches (the key drops 镇/乡/街道 from townships, a leading 县/区/市 from departments, and whitespace,
-- case and full-width forms from both). Spellings sharing a key become one member, named by the
-- longest name as exported (then the first in sort order).
-- Reads unknown_spellings, dimension_members. Parameters: $dimension (township | department).
insert into dimension_members (dimension, name, kind)
with
unmatched as (
    select alias, written from unknown_spellings
    where dimension_key($dimension, alias) not in (
        select dimension_key($dimension, name) from dimension_members where dimension = $dimension
    )
),

named as (
    select first(written order by length(written) desc, written) as name,
    from unmatched
    group by dimension_key($dimension, alias)
)

select
    $dimension as dimension,
    name,
    case when $dimension = 'township' then township_kind(name) end as kind,
from named
