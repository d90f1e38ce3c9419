-- Adds the villages and grids of the accepted events of this import to the grid hierarchy: a
-- village as a member named 乡镇/村 under its township, a grid as 乡镇/村/网格 under its village,
-- each with the spelling keys later exports are matched by (learn_place_aliases).
-- Reads pending_changes.
insert or ignore into dimension_members (dimension, name, kind, parent)
select distinct
    'village' as dimension,
    coalesce(township, '') || '/' || village as name,
    case when village like '%社区' then '社区' else '村' end as kind,
    township as parent,
from pending_changes
where village is not null
union all
select distinct
    'grid' as dimension,
    grid_path(township, village, grid) as name,
    null as kind,
    coalesce(township, '') || '/' || coalesce(village, '') as parent,
from pending_changes
where grid is not null
