-- Stored events whose grid was known only by its 网格编码 take the grid's name, township and village
-- once an import names that code (learn_place_aliases), so one grid is not ranked as two and its
-- events roll up to their township. Reads dimension_aliases.
update grid_events
set grid = case when grid_events.grid = grid_events.grid_code then named.grid else grid_events.grid end,
    township = coalesce(grid_events.township, named.township),
    village = coalesce(grid_events.village, named.village)
from (
    select
        substr(alias, 6) as code_key,
        nullif(split_part(name, '/', 1), '') as township,
        nullif(split_part(name, '/', 2), '') as village,
        nullif(split_part(name, '/', 3), '') as grid,
    from dimension_aliases
    where dimension = 'grid' and starts_with(alias, 'code:')
) as named
where spelling_key(grid_events.grid_code) = named.code_key
    and named.grid <> grid_events.grid_code
    and (grid_events.grid = grid_events.grid_code or grid_events.township is null or grid_events.village is null)
