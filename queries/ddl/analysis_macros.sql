-- Table macros every analysis query reads cases through. Created on every cursor (temporary,
-- never stored), so an old snapshot file always gets the current definitions. A filter thus
-- means the same thing on every page, and no query file repeats it.

-- Cases received in [start_day, end_day] that match the filters; a null filter means "all".
-- Cases are stored ordered by receipt date, so the date range skips whole row groups.
create or replace temp macro scoped_cases(start_day, end_day, source_name, township_name, department_name,
                                          category_name) as table
select *
from cases
where received_date between start_day and end_day
    and (source_name is null or source = source_name)
    and (township_name is null or township = township_name)
    and (department_name is null or department = department_name)
    and (category_name is null or category = category_name);

-- The same cases with `unit`, the reporting unit of a breakdown: the whole county, or each
-- source, township, department, category or channel (blank values grouped as （未填写）).
create or replace temp macro scoped_units(start_day, end_day, source_name, township_name, department_name,
                                          category_name, by_dimension) as table
select
    *,
    case by_dimension
        when 'source' then source
        when 'township' then coalesce(township, '（未填写）')
        when 'department' then coalesce(department, '（未填写）')
        when 'category' then coalesce(category, '（未填写）')
        when 'channel' then coalesce(channel, '（未填写）')
        else '全县'
    end as unit,
from scoped_cases(start_day, end_day, source_name, township_name, department_name, category_name);
