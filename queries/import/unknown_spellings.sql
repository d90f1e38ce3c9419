-- One row per $dimension (township | department) spelling in raw_rows, whitespace removed, that no
-- alias knows yet: the input of add_dimension_members and add_dimension_aliases.
-- Reads raw_rows, dimension_aliases. Parameters: $dimension, $empty_values (cells meaning "none").
create or replace temp table unknown_spellings as
with
spellings as (  -- distinct first: a large export repeats a few names many times
    select distinct
        case $dimension when 'township' then township when 'department' then department end as written,
    from raw_rows
),

cleaned as (
    select clean_cell(written, $empty_values) as spelling from spellings
),

seen as (
    select distinct regexp_replace(spelling, '\s+', '', 'g') as alias,
    from cleaned
    where nullif(regexp_replace(spelling, '\s+', '', 'g'), '') is not null
)

select alias from seen
where alias not in (select alias from dimension_aliases where dimension = $dimension)
