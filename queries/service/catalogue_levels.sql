-- The levels (办理层级) the 事项目录 lists matters for, most matters first. Reads service_catalogue.
select
    coalesce(service_level, '（未填写）') as service_level,
    count(*) as matters,
from service_catalogue
group by all
order by matters desc, service_level
