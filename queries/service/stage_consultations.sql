-- One row per data row of a 咨询人次 table: the day (or month: 2012-03, 2012年3月), the centre and
-- the count, plus the list of problems (field, code, value) that keep it out of service_consultations.
-- Reads: raw_rows, value_aliases, dimension_aliases. Parameters: $source_file, $now, $earliest,
-- $empty_values, $day_day_first, $day_format.
create or replace temp table staged_consultations as
with
cleaned as (
    select
        source_row,
        clean_cell(day, $empty_values) as day_text,
        plain_date_text(clean_cell(day, $empty_values)) as day_plain,
        clean_cell(centre, $empty_values) as centre,
        clean_cell(service_level, $empty_values) as level_text,
        township as township_cell,
        clean_cell(visits, $empty_values) as visits_text,
    from raw_rows
),

parsed as (
    select
        cleaned.*,
        regexp_full_match(day_plain, '\d{4} ?[-/.年] ?\d{1,2} ?月?(份)?') as by_month,
        case
            when regexp_full_match(day_plain, '\d{4} ?[-/.年] ?\d{1,2} ?月?(份)?') then
                case when cast(regexp_extract(day_plain, '(\d{1,2}) ?月?(份)?$', 1) as integer) between 1 and 12
                    then cast(make_date(cast(regexp_extract(day_plain, '^(\d{4})', 1) as integer),
                                        cast(regexp_extract(day_plain, '(\d{1,2}) ?月?(份)?$', 1) as integer), 1)
                              as timestamp)
                end
            else read_timestamp(day_text, $day_day_first, $day_format)
        end as day_at,
        try_cast(replace(visits_text, ',', '') as double) as visits_number,
        coalesce(level_alias.canonical, level_text) as service_level,
        township_alias.name as township,
    from cleaned
    left join value_aliases as level_alias
        on level_alias.field = 'service_level' and level_alias.raw = lower(cleaned.level_text)
    left join dimension_aliases as township_alias
        on township_alias.dimension = 'township'
        and township_alias.alias = spelling_key(clean_cell(cleaned.township_cell, $empty_values))
),

checked as (
    select
        parsed.*,
        list_filter([
            case when day_text is null then {'field': 'day', 'code': 'missing', 'value': null} end,
            case when day_text is not null and day_at is null
                then {'field': 'day', 'code': 'bad_date', 'value': day_text} end,
            case when day_at > $now then {'field': 'day', 'code': 'future', 'value': day_text} end,
            case when day_at < $earliest then {'field': 'day', 'code': 'too_early', 'value': day_text} end,
            case when visits_text is null then {'field': 'visits', 'code': 'missing', 'value': null} end,
            case when visits_text is not null
                    and (visits_number is null or visits_number < 0 or visits_number <> floor(visits_number))
                then {'field': 'visits', 'code': 'bad_count', 'value': visits_text} end,
        ], lambda problem: problem is not null) as problems,
    from parsed
),

with_winner as (
    -- a centre's (or a township's) day or month given twice in the file: its last acceptable row wins
    select
        checked.*,
        max(case when len(problems) = 0 then source_row end)
            over (partition by cast(day_at as date), by_month, centre, township, service_level) as winning_row,
    from checked
)

select
    source_row,
    cast(day_at as date) as day,
    coalesce(by_month, false) as by_month,
    centre,
    service_level,
    township,
    cast(visits_number as integer) as visits,
    $source_file as source_file,
    case
        when len(problems) = 0 and winning_row <> source_row
            then [{'field': 'day', 'code': 'repeated_in_file', 'value': cast(winning_row as varchar)}]
        else problems
    end as problems,
from with_winner
