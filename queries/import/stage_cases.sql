-- One row per data row of one export: typed, normalised fields plus the list of problems
-- (field, code, value) that keep it out of `cases`. An empty list means the row is accepted.
-- Reads: raw_rows (every field as text, plus source_row), value_aliases, dimension_aliases,
-- calendar_days.
-- Parameters: $source, $source_file, $now, $earliest, $petition_days, $extension_days,
-- $complaint_working_days.
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
        nullif(trim(case_id), '') as case_id,
        nullif(trim(channel), '') as channel_text,
        nullif(trim(received_at), '') as received_text,
        nullif(regexp_replace(township, '\s+', '', 'g'), '') as township_text,
        nullif(trim(village), '') as village,
        nullif(regexp_replace(department, '\s+', '', 'g'), '') as department_text,
        nullif(trim(category), '') as category,
        nullif(trim(deadline), '') as deadline_text,
        nullif(trim(extended), '') as extended_text,
        nullif(trim(closed_at), '') as closed_text,
        nullif(trim(satisfaction), '') as satisfaction_text,
        nullif(trim(is_repeat), '') as repeat_text,
        nullif(trim(scrub_text(summary, person_name)), '') as summary,
    from raw
),

parsed as (
    select
        cleaned.*,
        parse_timestamp(received_text) as received_at,
        parse_timestamp(closed_text) as closed_at,
        parse_timestamp(deadline_text) as deadline_at,
        try_cast(regexp_extract(deadline_text, '^(\d+)\s*个?工作日$', 1) as integer) as deadline_working_days,
        try_cast(regexp_extract(deadline_text, '^(\d+)\s*(天|日|个自然日)$', 1) as integer) as deadline_calendar_days,
        coalesce(channel_alias.canonical, channel_text) as channel,
        case when satisfaction_text is null then '未回访' else satisfaction_alias.canonical end as satisfaction,
        case when repeat_text is null then 'false' else repeat_alias.canonical end as repeat_flag,
        case when extended_text is null then 'false' else extended_alias.canonical end as extended_flag,
        township_alias.name as township,
        department_alias.name as department,
    from cleaned
    left join aliases as channel_alias
        on channel_alias.field = 'channel' and channel_alias.spelling = lower(cleaned.channel_text)
    left join aliases as satisfaction_alias
        on satisfaction_alias.field = 'satisfaction' and satisfaction_alias.spelling = lower(cleaned.satisfaction_text)
    left join aliases as repeat_alias
        on repeat_alias.field = 'flag' and repeat_alias.spelling = lower(cleaned.repeat_text)
    left join aliases as extended_alias
        on extended_alias.field = 'flag' and extended_alias.spelling = lower(cleaned.extended_text)
    left join dimension_aliases as township_alias
        on township_alias.dimension = 'township' and township_alias.alias = cleaned.township_text
    left join dimension_aliases as department_alias
        on department_alias.dimension = 'department' and department_alias.alias = cleaned.department_text
),

workday_ordinals as (
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
            when deadline_text is null and $source = 'complaint' then $complaint_working_days
        end as working_days,
    from parsed
),

with_deadline as (
    select
        with_rule.*,
        case
            when deadline_at is not null then cast(deadline_at as date)
            when deadline_calendar_days is not null then received_date + deadline_calendar_days
            when working_days is not null then due_day.day
            when deadline_text is null and $source = 'petition'
                then received_date + $petition_days
                    + case when extended_flag = 'true' then $extension_days else 0 end
        end as deadline,
        case
            when deadline_text is not null then 'export'
            when working_days is not null
                and (received_day.basis = 'weekend_fallback' or due_day.basis = 'weekend_fallback')
                then 'rule_weekend_fallback'
            else 'rule'
        end as deadline_basis,
    from with_rule
    left join workday_ordinals as received_day
        on received_day.day = with_rule.received_date
    left join workday_ordinals as due_day
        on due_day.is_workday and due_day.ordinal = received_day.ordinal + with_rule.working_days
),

checked as (
    select
        with_deadline.*,
        list_filter([
            case when case_id is null then {'field': 'case_id', 'code': 'missing', 'value': null} end,
            case when received_text is null then {'field': 'received_at', 'code': 'missing', 'value': null} end,
            case when received_text is not null and received_at is null
                then {'field': 'received_at', 'code': 'bad_date', 'value': received_text} end,
            case when received_at > $now
                then {'field': 'received_at', 'code': 'future', 'value': received_text} end,
            case when received_at < $earliest
                then {'field': 'received_at', 'code': 'too_early', 'value': received_text} end,
            case when closed_text is not null and closed_at is null
                then {'field': 'closed_at', 'code': 'bad_date', 'value': closed_text} end,
            case when closed_at > $now
                then {'field': 'closed_at', 'code': 'future', 'value': closed_text} end,
            case when closed_at < received_at
                    and (cast(closed_at as date) < received_date or closed_at <> date_trunc('day', closed_at))
                then {'field': 'closed_at', 'code': 'closed_before_received', 'value': closed_text} end,
            case when deadline_text is not null and deadline_at is null
                    and deadline_working_days is null and deadline_calendar_days is null
                then {'field': 'deadline', 'code': 'bad_deadline', 'value': deadline_text} end,
            case when deadline < received_date
                then {'field': 'deadline', 'code': 'deadline_before_received', 'value': deadline_text} end,
            case when received_at is not null and deadline is null and deadline_text is null
                then {'field': 'deadline', 'code': 'calendar_gap', 'value': received_text} end,
            case when satisfaction is null
                then {'field': 'satisfaction', 'code': 'unknown_value', 'value': satisfaction_text} end,
            case when repeat_flag is null
                then {'field': 'is_repeat', 'code': 'unknown_value', 'value': repeat_text} end,
            case when extended_flag is null
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
    extended_flag = 'true' as extended,
    closed_at,
    satisfaction,
    repeat_flag = 'true' as is_repeat,
    summary,
    $source_file as source_file,
    case
        when case_id is not null and len(problems) = 0 and winning_row <> source_row
            then [{'field': 'case_id', 'code': 'duplicate_in_file', 'value': cast(winning_row as varchar)}]
        else problems
    end as problems,
from with_winner
