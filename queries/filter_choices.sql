-- The values the sidebar filters offer, one row per (filter, value): townships and departments
-- as registered, categories as they occur in the cases.
select 'township' as filter, name as value
from dimension_members
where dimension = 'township'
union all
select 'department', name
from dimension_members
where dimension = 'department'
union all
select distinct 'category', category
from cases
where category is not null
order by filter, value
