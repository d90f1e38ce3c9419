-- Registers as new township (乡镇/街道)s the spellings in raw_rows that neither an alias nor the key
-- (the name without 镇/乡/街道) of a known one matches. Spellings sharing a key become one,
-- named by the longest spelling. Reads raw_rows, townships, township_aliases.
insert into townships
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
),

unmatched as (
    select alias from unknown
    where township_key(alias) not in (select township_key(township) from townships)
),

named as (
    select arg_max(alias, length(alias)) as township,
    from unmatched
    group by township_key(alias)
)

select
    township,
    township_kind(township) as kind,
from named
