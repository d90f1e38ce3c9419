-- The spellings later grid exports are matched by (resolve_places): each village's key within its
-- township, each grid's name key within its village, and each 网格编码 that came with a grid name
-- (the latest import's naming of a code wins: a code first seen alone was named by itself).
-- Reads pending_changes.
insert or replace into dimension_aliases
select dimension, alias, min(name) as name,
from (
    select
        'village' as dimension,
        coalesce(township, '') || '/' || village_key(village) as alias,
        coalesce(township, '') || '/' || village as name,
    from pending_changes
    where village is not null
    union all
    select
        'grid' as dimension,
        grid_path(township, village, spelling_key(grid)) as alias,
        grid_path(township, village, grid) as name,
    from pending_changes
    where grid is not null
    union all
    select
        'grid' as dimension,
        'code:' || spelling_key(grid_code) as alias,
        grid_path(township, village, grid) as name,
    from pending_changes
    where grid_code is not null and grid is not null and grid <> grid_code
)
group by dimension, alias
