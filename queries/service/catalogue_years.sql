-- One row per 办理层级 (as stored; （未填写）: none) and year of the 事项目录, and one per year over
-- every level (all_levels), with how many matters it lists and how many departments they belong
-- to (counted once across levels). minyi.service_totals picks a level's rows, or the levels with
-- the most matters first. Reads service_catalogue. No parameters.
select
    coalesce(service_level, '（未填写）') as service_level,
    grouping(coalesce(service_level, '（未填写）')) = 1 as all_levels,
    year,
    count(*) as matters,
    count(distinct department) as departments,
from service_catalogue
group by grouping sets ((coalesce(service_level, '（未填写）'), year), (year))
order by all_levels, service_level, year
