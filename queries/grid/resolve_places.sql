-- Each staged grid event's place as the grid hierarchy knows it (dimension_members of 'village'
-- and 'grid', learnt by learn_places from earlier imports): an event exported with only its 网格编码
-- gets its township, village and grid from the grid of that code; a village spelt another way
-- (红旗村委会, 红旗村) is the township's village of that key, and a grid the village's grid of that
-- name. A grid known only by its code is named by it. Reads staged_grid_events, dimension_aliases.
update staged_grid_events
set township = resolved.township, village = resolved.village, grid = resolved.grid
from (
    with
    by_code as (
        select
            staged.source_row,
            coalesce(staged.township, nullif(split_part(code_alias.name, '/', 1), '')) as township,
            coalesce(staged.village, nullif(split_part(code_alias.name, '/', 2), '')) as village,
            coalesce(staged.grid, nullif(split_part(code_alias.name, '/', 3), ''), staged.grid_code) as grid,
        from staged_grid_events as staged
        left join dimension_aliases as code_alias
            on code_alias.dimension = 'grid'
            and code_alias.alias = 'code:' || spelling_key(staged.grid_code)
    ),

    villages as (
        select
            by_code.source_row,
            by_code.township,
            coalesce(nullif(split_part(village_alias.name, '/', 2), ''), by_code.village) as village,
            by_code.grid,
        from by_code
        left join dimension_aliases as village_alias
            on village_alias.dimension = 'village'
            and village_alias.alias = coalesce(by_code.township, '') || '/' || village_key(by_code.village)
    )

    select
        villages.source_row,
        villages.township,
        villages.village,
        coalesce(nullif(split_part(grid_alias.name, '/', 3), ''), villages.grid) as grid,
    from villages
    left join dimension_aliases as grid_alias
        on grid_alias.dimension = 'grid'
        and grid_alias.alias = grid_path(villages.township, villages.village, spelling_key(villages.grid))
) as resolved
where resolved.source_row = staged_grid_events.source_row
