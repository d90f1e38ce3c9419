-- One row per data row of a 事项目录 (权责清单, 政务服务事项清单): the year, level and matter, plus
-- the list of problems (field, code, value) that keep it out of service_catalogue.
-- Reads: raw_rows, value_aliases, dimension_aliases. Parameters: $source_file, $now, $empty_values.
create or replace temp table staged_catalogue as
with
cleaned as (
    select
        source_row,
        clean_cell(year, $empty_values) as year_text,
        clean_cell(service_level, $empty_values) as level_text,
        clean_id(matter_code, $empty_values) as matter_code,
        clean_cell(matter_name, $empty_values) as matter_name,
        clean_cell(matter_type, $empty_values) as matter_type,
        department as department_cell,
    from raw_rows
),

parsed as (
    select
        cleaned.*,
        try_cast(regexp_extract(plain_date_text(year_text), '^(\d{4}) ?年?(度)?$', 1) as integer) as year,
        coalesce(level_alias.canonical, level_text) as service_level,
        department_alias.name as department,
    from cleaned
    left join value_aliases as level_alias
        on level_alias.field = 'service_level' and level_alias.raw = lower(cleaned.level_text)
    left join dimension_aliases as department_alias
        on department_alias.dimension = 'department'
        and department_alias.alias = spelling_key(clean_cell(cleaned.department_cell, $empty_values))
),

checked as (
    select
        parsed.*,
        list_filter([
            case when year_text is null then {'field': 'year', 'code': 'missing', 'value': null} end,
            case when year_text is not null and (year is null or year < 1990 or year > year($now))
                then {'field': 'year', 'code': 'bad_year', 'value': year_text} end,
            case when matter_name is null then {'field': 'matter_name', 'code': 'missing', 'value': null} end,
        ], lambda problem: problem is not null) as problems,
    from parsed
),

with_winner as (
    -- a matter listed twice for a year and level: its last acceptable row wins
    select
        checked.*,
        max(case when len(problems) = 0 then source_row end)
            over (partition by year, service_level, matter_name) as winning_row,
    from checked
)

select
    source_row,
    year,
    service_level,
    matter_code,
    matter_name,
    matter_type,
    department,
    $source_file as source_file,
    case
        when len(problems) = 0 and winning_row <> source_row
            then [{'field': 'matter_name', 'code': 'repeated_in_file', 'value': cast(winning_row as varchar)}]
        else problems
    end as problems,
from with_winner
