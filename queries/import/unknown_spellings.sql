-- One row per $dimension (township | department) spelling in raw_rows that no alias knows yet: its
-- matching key (`alias`, see spelling_key) and the name as exported (`written`, whitespace collapsed;
-- of several variants of one key the commonest, then one not in capitals, then the first in sort
-- order). The input of add_dimension_members and add_dimension_aliases.
-- Reads raw_rows, dimension_aliases. Parameters: $dimension, $empty_values (cells meaning "none").
create or replace temp table unknown_spellings as
with
spellings as (  -- grouped first: a large export repeats a few names many times
    select
        case $dimension when 'township' then township when 'department' then department end as cell,
        count(*) as cells,
    from raw_rows
    group by all
),

cleaned as (
    select display_name(clean_cell(cell, $empty_values)) as written, sum(cells) as cells,
    from spellings
    group by all
),

keyed as (
    select
        spelling_key(written) as alias,
        first(written order by cells desc, written = upper(written), written) as written,
    from cleaned
    where written is not null
    group by all
)

select alias, written from keyed
where alias not in (select alias from dimension_aliases where dimension = $dimension)
