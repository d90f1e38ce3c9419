-- One row per data row of one 办件 export (政务服务网, 一体化平台): typed, normalised fields plus the
-- list of problems (field, code, value) that keep it out of `service_items`.
-- A 承诺时限 is a date, or working days counted on calendar_days from the day of receipt ("5个工作日",
-- "5日", "5天", a bare 5: 行政许可法 第八十二条 counts 行政许可 期限 in working days; 即办件 and 0 are due
-- the day received), or calendar days only when it says so ("30个自然日").
-- Reads: raw_rows (every field as text, plus source_row), value_aliases, dimension_aliases,
-- calendar_days.
-- Parameters: $source_file, $now, $earliest, $empty_values, $closure_known (whether the export has a
-- 办结时间 column: without one, an empty closure is not "still open"); per date field (received,
-- deadline, closed, rectified) $<field>_day_first and $<field>_format.
create or replace temp table staged_service_items as
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
        unwrap_id(clean_id(item_id, $empty_values)) as item_id,
        clean_cell(matter_name, $empty_values) as matter_name,
        clean_cell(matter_type, $empty_values) as matter_type,
        clean_cell(service_level, $empty_values) as level_text,
        clean_cell(centre, $empty_values) as centre,
        township as township_cell,
        department as department_cell,
        clean_cell(service_mode, $empty_values) as mode_text,
        clean_cell(received_at, $empty_values) as received_text,
        clean_cell(deadline, $empty_values) as deadline_text,
        plain_date_text(clean_cell(deadline, $empty_values)) as deadline_plain,
        clean_cell(closed_at, $empty_values) as closed_text,
        clean_cell(satisfaction, $empty_values) as satisfaction_text,
        clean_cell(rectification, $empty_values) as rectification_text,
        clean_cell(rectified_at, $empty_values) as rectified_text,
    from raw
),

parsed as materialized (  -- each date parsed once
    select
        cleaned.*,
        read_timestamp(received_text, $received_day_first, $received_format) as received_at,
        read_timestamp(closed_text, $closed_day_first, $closed_format) as closed_at,
        read_timestamp(rectified_text, $rectified_day_first, $rectified_format) as rectified_at,
        read_timestamp(case when $deadline_format is null then deadline_plain else deadline_text end,
            $deadline_day_first, $deadline_format) as deadline_at,
        case
            when regexp_full_match(deadline_plain, '即办件?|当场办结|当即办结|立即办结') then 0
            else coalesce(
                try_cast(regexp_extract(deadline_plain, '^(\d+) ?个?(工作日|日|天)$', 1) as integer),
                try_cast(regexp_extract(deadline_plain, '^(\d{1,3})$', 1) as integer)
            )
        end as working_days,
        try_cast(regexp_extract(deadline_plain, '^(\d+) ?个?自然日$', 1) as integer) as calendar_days_allowed,
        coalesce(level_alias.canonical, level_text) as service_level,
        coalesce(mode_alias.canonical, mode_text) as service_mode,
        mode_alias.canonical = '网办' as online,
        case when satisfaction_text is null then '未回访' else satisfaction_alias.canonical end as satisfaction,
        rectification_alias.canonical as rectification_flag,
        township_alias.name as township,
        department_alias.name as department,
    from cleaned
    left join aliases as level_alias
        on level_alias.field = 'service_level' and level_alias.spelling = lower(cleaned.level_text)
    left join aliases as mode_alias
        on mode_alias.field = 'service_mode' and mode_alias.spelling = lower(cleaned.mode_text)
    left join aliases as satisfaction_alias
        on satisfaction_alias.field = 'satisfaction' and satisfaction_alias.spelling = lower(cleaned.satisfaction_text)
    left join aliases as rectification_alias
        on rectification_alias.field = 'rectification'
        and rectification_alias.spelling = lower(cleaned.rectification_text)
    left join dimension_aliases as township_alias
        on township_alias.dimension = 'township'
        and township_alias.alias = spelling_key(clean_cell(cleaned.township_cell, $empty_values))
    left join dimension_aliases as department_alias
        on department_alias.dimension = 'department'
        and department_alias.alias = spelling_key(clean_cell(cleaned.department_cell, $empty_values))
),

workday_ordinals as (
    -- a non-workday carries the ordinal of the workday before it
    select
        day,
        is_workday,
        sum(case when is_workday then 1 else 0 end) over (order by day) as ordinal,
    from calendar_days
),

with_deadline as (
    select
        parsed.*,
        cast(received_at as date) as received_date,
        case
            when deadline_at is not null and working_days is null then cast(deadline_at as date)
            when working_days = 0 then cast(received_at as date)
            when working_days is not null then due_day.day
            when calendar_days_allowed is not null then cast(received_at as date) + calendar_days_allowed
        end as deadline,
    from parsed
    left join workday_ordinals as received_day
        on received_day.day = cast(parsed.received_at as date)
    left join workday_ordinals as due_day
        on due_day.is_workday and due_day.ordinal = received_day.ordinal + parsed.working_days
),

checked as (
    select
        with_deadline.*,
        list_filter(record_problems('item_id', item_id, received_text, received_at, closed_text, closed_at, $now, $earliest) || [
            case when rectified_text is not null and rectified_at is null
                then {'field': 'rectified_at', 'code': 'bad_date', 'value': rectified_text} end,
            case when deadline_text is not null and deadline_at is null and working_days is null
                    and calendar_days_allowed is null
                then {'field': 'deadline', 'code': 'bad_deadline', 'value': deadline_text} end,
            case when deadline < received_date
                then {'field': 'deadline', 'code': 'deadline_before_received', 'value': deadline_text} end,
            case when received_at between $earliest and $now and working_days > 0 and deadline is null
                then {'field': 'deadline', 'code': 'calendar_gap', 'value': received_text} end,
            case when satisfaction is null
                then {'field': 'satisfaction', 'code': 'unknown_value', 'value': satisfaction_text} end,
            case when rectification_text is not null and rectification_flag is null
                then {'field': 'rectification', 'code': 'unknown_value', 'value': rectification_text} end,
        ], lambda problem: problem is not null) as problems,
    from with_deadline
),

with_winner as (
    -- an id repeated within the file: its last acceptable row wins, earlier ones are rejected
    select
        checked.*,
        max(case when len(problems) = 0 then source_row end) over (partition by item_id) as winning_row,
    from checked
)

select
    source_row,
    item_id,
    matter_name,
    matter_type,
    service_level,
    centre,
    township,
    department,
    service_mode,
    online,
    received_at,
    deadline,
    closed_at,
    $closure_known as closure_known,
    satisfaction,
    case
        when rectification_flag is not null then rectification_flag = 'true'
        when rectified_at is not null then true
    end as rectified,
    working_days > 0 as deadline_in_working_days,
    $source_file as source_file,
    case
        when item_id is not null and len(problems) = 0 and winning_row <> source_row
            then [{'field': 'item_id', 'code': 'duplicate_in_file', 'value': cast(winning_row as varchar)}]
        else problems
    end as problems,
from with_winner
