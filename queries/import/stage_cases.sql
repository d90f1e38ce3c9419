-- One row per data row of one export: typed, normalised fields plus the list of problems
-- (field, code, value) that keep it out of `cases`. An empty list means the row is accepted.
-- Reads: raw_rows (every field as text, plus source_row), value_aliases, dimension_aliases,
-- calendar_days.
-- Parameters: $source, $source_file, $now, $earliest, $empty_values, $petition_days,
-- $extension_days, $petition_next_workday, $complaint_working_days, $closure_known and $repeat_known
-- (whether the export has a 办结时间 / 重复件 column: a case without one is never read as open or
-- not repeated); per date field (received, closed,
-- deadline) $<field>_day_first (how 01/02/2020 reads) and $<field>_format (the mapping's strptime
-- format, or null).
create or replace temp table staged_cases as
with
raw as (
    select * from raw_rows
),

aliases as (
    select field, raw as spelling, canonical from value_aliases
),

cleaned as (
    select
        source_row,
        clean_id(case_id, $empty_values) as case_id_text,
        clean_cell(channel, $empty_values) as channel_text,
        clean_cell(received_at, $empty_values) as received_text,
        township as township_cell,
        nullif(trim(village), '') as village,
        department as department_cell,
        clean_cell(category, $empty_values) as category,
        clean_cell(deadline, $empty_values) as deadline_text,
        clean_cell(extended, $empty_values) as extended_text,
        clean_cell(closed_at, $empty_values) as closed_text,
        clean_cell(satisfaction, $empty_values) as satisfaction_text,
        clean_cell(is_repeat, $empty_values) as repeat_text,
        nullif(trim(scrub_text(summary, person_name)), '') as summary,
    from raw
),

unit_names as (
    -- each distinct township and department cell with the member its spelling stands for, so that
    -- spelling_key (slow) runs once per name, not once per row
    select spellings.dimension, spellings.cell, dimension_aliases.name,
    from (
        select distinct 'township' as dimension, township as cell from raw
        union all
        select distinct 'department' as dimension, department as cell from raw
    ) as spellings
    inner join dimension_aliases
        on dimension_aliases.dimension = spellings.dimension
        and dimension_aliases.alias = spelling_key(clean_cell(spellings.cell, $empty_values))
),

identified as (
    -- ids as Excel users protect them from becoming numbers: ="0123", '0123
    select
        cleaned.*,
        unwrap_id(case_id_text) as case_id,
        plain_date_text(deadline_text) as deadline_plain,
    from cleaned
),

parsed as materialized (  -- each date parsed once; DuckDB re-parses an inlined column per reference
    select
        identified.*,
        read_timestamp(received_text, $received_day_first, $received_format) as received_at,
        read_timestamp(closed_text, $closed_day_first, $closed_format) as closed_at,
        read_timestamp(case when $deadline_format is null then deadline_plain else deadline_text end,
            $deadline_day_first, $deadline_format) as deadline_at,
        try_cast(regexp_extract(deadline_plain, '^(\d+) ?个?工作日$', 1) as integer) as deadline_working_days,
        coalesce(
            try_cast(regexp_extract(deadline_plain, '^(\d+) ?(天|日|个自然日)$', 1) as integer),
            cast(ceil(try_cast(regexp_extract(deadline_plain, '^(\d+) ?个?小时$', 1) as integer) / 24) as integer)
        ) as deadline_calendar_days,
        -- a bare number is counted in the source's own unit: days for petitions, working days for complaints
        try_cast(regexp_extract(deadline_plain, '^(\d{1,3})$', 1) as integer) as deadline_number,
        coalesce(channel_alias.canonical, channel_text) as channel,
        case when satisfaction_text is null then '未回访' else satisfaction_alias.canonical end as satisfaction,
        repeat_alias.canonical as repeat_flag,  -- null when the export does not say
        extended_alias.canonical as extended_flag,
        township_alias.name as township,
        department_alias.name as department,
    from identified
    left join aliases as channel_alias
        on channel_alias.field = 'channel' and channel_alias.spelling = lower(identified.channel_text)
    left join aliases as satisfaction_alias
        on satisfaction_alias.field = 'satisfaction' and satisfaction_alias.spelling = lower(identified.satisfaction_text)
    left join aliases as repeat_alias
        on repeat_alias.field = 'flag' and repeat_alias.spelling = lower(identified.repeat_text)
    left join aliases as extended_alias
        on extended_alias.field = 'flag' and extended_alias.spelling = lower(identified.extended_text)
    left join unit_names as township_alias
        on township_alias.dimension = 'township' and township_alias.cell = identified.township_cell
    left join unit_names as department_alias
        on department_alias.dimension = 'department' and department_alias.cell = identified.department_cell
),

workday_ordinals as (
    -- a non-workday carries the ordinal of the workday before it
    select
        day,
        is_workday,
        basis,
        sum(case when is_workday then 1 else 0 end) over (order by day) as ordinal,
    from calendar_days
),

with_rule as (
    select
        parsed.*,
        cast(received_at as date) as received_date,
        case
            when deadline_working_days is not null then deadline_working_days
            when deadline_number is not null and deadline_at is null and $source = 'complaint' then deadline_number
            when deadline_text is null and $source = 'complaint' then $complaint_working_days
        end as working_days,
        case
            when deadline_calendar_days is not null then deadline_calendar_days
            when deadline_number is not null and deadline_at is null and $source = 'petition' then deadline_number
            when deadline_text is null and $source = 'petition' then $petition_days
        end + case when $source = 'petition' and extended_flag = 'true' then $extension_days else 0 end
            as calendar_days_allowed,
    from parsed
),

with_deadline as (
    select
        with_rule.*,
        case
            when deadline_at is not null then cast(deadline_at as date)
            when working_days is not null then due_day.day
            when calendar_days_allowed is not null and $source = 'petition' and $petition_next_workday
                then coalesce(last_day_rolled.day, received_date + calendar_days_allowed)
            when calendar_days_allowed is not null then received_date + calendar_days_allowed
        end as deadline,
        case when deadline_text is not null then 'export' else 'rule' end
        || case
            when working_days is not null
                and (received_day.basis = 'weekend_fallback' or due_day.basis = 'weekend_fallback')
                then '_weekend_fallback'
            when deadline_at is null and working_days is null and $source = 'petition' and $petition_next_workday
                and last_day.basis = 'weekend_fallback'
                then '_weekend_fallback'
            else ''
        end as deadline_basis,
    from with_rule
    left join workday_ordinals as received_day
        on received_day.day = with_rule.received_date
    left join workday_ordinals as due_day
        on due_day.is_workday and due_day.ordinal = received_day.ordinal + with_rule.working_days
    left join workday_ordinals as last_day
        on last_day.day = with_rule.received_date + with_rule.calendar_days_allowed
    left join workday_ordinals as last_day_rolled  -- 民法典 第二百零三条: a holiday's last day moves on
        on last_day_rolled.is_workday
        and last_day_rolled.ordinal = last_day.ordinal + case when last_day.is_workday then 0 else 1 end
),

checked as (
    select
        with_deadline.*,
        list_filter(record_problems('case_id', case_id, received_text, received_at, closed_text, closed_at, $now, $earliest) || [
            case when deadline_text is not null and deadline_at is null
                    and deadline_working_days is null and deadline_calendar_days is null and deadline_number is null
                then {'field': 'deadline', 'code': 'bad_deadline', 'value': deadline_text} end,
            case when deadline < received_date
                then {'field': 'deadline', 'code': 'deadline_before_received', 'value': deadline_text} end,
            case when received_at between $earliest and $now and deadline is null
                    and (deadline_text is null or deadline_working_days is not null or deadline_number is not null)
                then {'field': 'deadline', 'code': 'calendar_gap', 'value': received_text} end,
            case when satisfaction is null
                then {'field': 'satisfaction', 'code': 'unknown_value', 'value': satisfaction_text} end,
            case when repeat_text is not null and repeat_flag is null
                then {'field': 'is_repeat', 'code': 'unknown_value', 'value': repeat_text} end,
            case when extended_text is not null and extended_flag is null
                then {'field': 'extended', 'code': 'unknown_value', 'value': extended_text} end,
        ], lambda problem: problem is not null) as problems,
    from with_deadline
),

with_winner as (
    -- an id repeated within the file: its last acceptable row wins, earlier ones are rejected
    select
        checked.*,
        max(case when len(problems) = 0 then source_row end) over (partition by case_id) as winning_row,
    from checked
)

select
    source_row,
    $source as source,
    case_id,
    channel,
    received_at,
    received_date,
    township,
    village,
    department,
    category,
    deadline,
    deadline_basis,
    cast(extended_flag as boolean) as extended,
    closed_at,
    satisfaction,
    cast(repeat_flag as boolean) as is_repeat,
    summary,
    cast($closure_known as boolean) as closure_known,
    cast($repeat_known as boolean) as repeat_known,
    $source_file as source_file,
    case
        when case_id is not null and len(problems) = 0 and winning_row <> source_row
            then [{'field': 'case_id', 'code': 'duplicate_in_file', 'value': cast(winning_row as varchar)}]
        else problems
    end as problems,
from with_winner
