-- Maps every township (乡镇/街道) spelling in raw_rows that has no alias yet to the known
-- township with the same key. Run after add_townships. Reads raw_rows, townships, township_aliases.
insert into township_aliases
with
spellings as (  -- distinct first: a large export repeats a few names many times
    select distinct township from raw_rows
),

seen as (
    select distinct regexp_replace(township, '\s+', '', 'g') as alias,
    from spellings
    where nullif(regexp_replace(township, '\s+', '', 'g'), '') is not null
),

unknown as (
    select alias from seen
    where alias not in (select alias from township_aliases)
)

select
    unknown.alias,
    arg_min(known.township, length(known.township)) as township,
from unknown
inner join townships as known
    on township_key(known.township) = township_key(unknown.alias)
group by unknown.alias
