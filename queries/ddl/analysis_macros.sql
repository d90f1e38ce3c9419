-- Macros every analysis query reads through. Created on every cursor (temporary, never stored),
-- so an old snapshot file always gets the current definitions. A filter thus means the same
-- thing on every page, and no query file repeats it.

-- Whether a value matches a filter: a null filter means "all", and （未填写）, the label blank
-- values are grouped under, matches the blanks (so drilling into that bar finds its cases).
create or replace temp macro matches(value, wanted) as (
    wanted is null or value = wanted or (wanted = '（未填写）' and value is null)
);

-- Whether a case is in scope: received in [start_day, end_day] and matching the filters.
create or replace temp macro in_scope(received_day, source_value, township_value, department_value, category_value,
                                      start_day, end_day, source_name, township_name, department_name,
                                      category_name) as (
    received_day between start_day and end_day
    and matches(source_value, source_name)
    and matches(township_value, township_name)
    and matches(department_value, department_name)
    and matches(category_value, category_name)
);

-- Whether a case was open past its deadline at the end of day at_day.
create or replace temp macro is_open_past_deadline(closed_day, deadline_day, at_day) as (
    (closed_day is null or closed_day > at_day) and deadline_day < at_day
);

-- The rows of a table of cases in scope: `case_facts` for counts and rates, `cases` for case
-- lists, `late_cases` for backlogs and late closures (each has the columns in_scope reads).
-- case_facts and late_cases are stored ordered by receipt date, so the range skips row groups.
create or replace temp macro scoped(table_name, start_day, end_day, source_name, township_name, department_name,
                                    category_name) as table
select *
from query_table(table_name)
where in_scope(received_date, source, township, department, category,
               start_day, end_day, source_name, township_name, department_name, category_name);

-- Case facts with `unit`, the reporting unit of a breakdown: the whole county, or each source,
-- township, department, category or channel (blank values grouped as （未填写）).
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
from scoped('case_facts', start_day, end_day, source_name, township_name, department_name, category_name);

-- Monthly counts in scope, for whole months only: start_day must be the first and end_day the
-- last day of a month (minyi.periods.whole_months splits a period that way). Separate from
-- `scoped` because the rollup's date is the month, not a receipt date.
create or replace temp macro scoped_months(start_day, end_day, source_name, township_name, department_name,
                                           category_name) as table
select *
from case_months
where in_scope(month, source, township, department, category,
               start_day, end_day, source_name, township_name, department_name, category_name);

-- The grid events reported in [start_day, end_day] in a place: a township, its village, its grid,
-- and the department disposing of them (each null for all). `table_name` is 'grid_events': named
-- at the call, so the macro is made on a snapshot from before grid events too.
create or replace temp macro grid_events_in(table_name, start_day, end_day, township_name, department_name,
                                            village_name, grid_name) as table
select *
from query_table(table_name)
where event_at >= start_day
    and event_at < end_day + interval 1 day
    and matches(township, township_name)
    and matches(department, department_name)
    and matches(village, village_name)
    and matches(grid, grid_name);

-- The 办件 received in [start_day, end_day] of a township and a department (实施部门), on one level
-- (县级, 乡镇级, 村级) and at one centre (each null for all). `table_name` is 'service_items', named
-- at the call for the reason grid_events_in gives.
create or replace temp macro service_items_in(table_name, start_day, end_day, township_name, department_name,
                                              level_name, centre_name) as table
select *
from query_table(table_name)
where received_at >= start_day
    and received_at < end_day + interval 1 day
    and matches(township, township_name)
    and matches(department, department_name)
    and matches(service_level, level_name)
    and matches(centre, centre_name);

-- The step rows of a rollup of grid events or 办件 that a standing of several periods at once sums
-- (grid/event_counts_whole_months, service/item_counts_whole_months), one row per part (numbered
-- from 1 in the order of `parts`, a list of {start, end, as_of}) and rollup row of a month in
-- [start, end] within a township and a department: from `table_name` (grid_event_steps or
-- service_item_steps), the steps up to the end of as_of's month if as_of is its last day, else up
-- to the month before; `first_month` and `last_month` bound every part's months (constants, so the
-- scan skips the row groups outside them).
create or replace temp macro steps_of_months(table_name, parts, first_month, last_month, township_name,
                                             department_name) as table
select *
from (select unnest(parts, recursive := true), generate_subscripts(parts, 1) as part) as periods
join query_table(table_name) as steps on steps.month between periods.start and periods.end
where steps.month between first_month and last_month
    and matches(township, township_name)
    and matches(department, department_name)
    and (step_month < date_trunc('month', as_of)
        or (step_month = date_trunc('month', as_of) and last_day(as_of) = as_of));

-- The rest of a standing whose as_of falls inside a month: the day steps (grid_event_step_days,
-- service_item_step_days) of as_of's month up to as_of, per part as steps_of_months numbers them;
-- `day_from` and `day_to` bound every such part's days.
create or replace temp macro steps_inside_month(table_name, parts, day_from, day_to, township_name,
                                                department_name) as table
select *
from (select unnest(parts, recursive := true), generate_subscripts(parts, 1) as part) as periods
join query_table(table_name) as steps on steps.month between periods.start and periods.end
where step_day between day_from and day_to
    and step_day between date_trunc('month', as_of) and as_of
    and last_day(as_of) > as_of
    and matches(township, township_name)
    and matches(department, department_name);
