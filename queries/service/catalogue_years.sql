-- One row per year of the 事项目录 with how many matters it lists on level $level (县级, 乡镇级,
-- 村级; null: every level) and how many departments they belong to. Reads service_catalogue.
-- Parameters: $level.
select
    year,
    count(*) as matters,
    count(distinct department) as departments,
from service_catalogue
where matches(service_level, $level)
group by year
order by year
