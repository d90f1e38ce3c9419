-- One row per data row of one grid-event export (网格化服务管理 / 数字城管): typed, normalised fields
-- plus the list of problems (field, code, value) that keep it out of `grid_events`.
-- An event's date is when it was reported (上报时间), else found (发现时间), else registered (立案时间).
-- A 处置时限 is a date and time, or a duration (24小时, 3天) counted from dispatch, else report.
-- Reads: raw_rows (every field as text, plus source_row), value_aliases, dimension_aliases.
-- Parameters: $source_file, $now, $earliest, $empty_values; per date field (found, reported,
-- registered, dispatched, deadline, disposed, closed) $<field>_day_first and $<field>_format.
create or replace temp table staged_grid_events as
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
        unwrap_id(clean_id(event_id, $empty_values)) as event_id,
        township as township_cell,
        department as department_cell,
        clean_cell(village, $empty_values) as village,
        clean_cell(grid, $empty_values) as grid,
        clean_id(grid_code, $empty_values) as grid_code,
        clean_cell(event_source, $empty_values) as source_text,
        clean_cell(category, $empty_values) as category,
        clean_cell(found_at, $empty_values) as found_text,
        clean_cell(reported_at, $empty_values) as reported_text,
        clean_cell(registered_at, $empty_values) as registered_text,
        clean_cell(dispatched_at, $empty_values) as dispatched_text,
        clean_cell(deadline, $empty_values) as deadline_text,
        clean_cell(disposed_at, $empty_values) as disposed_text,
        clean_cell(closed_at, $empty_values) as closed_text,
        clean_cell(status, $empty_values) as status,
        clean_cell(satisfaction, $empty_values) as satisfaction_text,
        nullif(trim(scrub_text(summary, person_name)), '') as summary,
    from raw
),

parsed as materialized (  -- each date parsed once
    select
        cleaned.*,
        read_timestamp(found_text, $found_day_first, $found_format) as found_at,
        read_timestamp(reported_text, $reported_day_first, $reported_format) as reported_at,
        read_timestamp(registered_text, $registered_day_first, $registered_format) as registered_at,
        read_timestamp(dispatched_text, $dispatched_day_first, $dispatched_format) as dispatched_at,
        read_timestamp(deadline_text, $deadline_day_first, $deadline_format) as deadline_at,
        coalesce(
            try_cast(regexp_extract(plain_date_text(deadline_text), '^(\d+) ?个?小时$', 1) as integer),
            24 * try_cast(regexp_extract(plain_date_text(deadline_text), '^(\d+) ?(天|日|个自然日)$', 1) as integer)
        ) as deadline_hours,
        read_timestamp(disposed_text, $disposed_day_first, $disposed_format) as disposed_at,
        read_timestamp(closed_text, $closed_day_first, $closed_format) as closed_at,
        coalesce(source_alias.canonical, source_text) as event_source,
        source_alias.canonical = '网格员巡查发现' as found_by_staff,
        coalesce(status_alias.canonical, 'registered') = 'registered' as registered,
        case when satisfaction_text is null then '未回访' else satisfaction_alias.canonical end as satisfaction,
        township_alias.name as township,
        department_alias.name as department,
    from cleaned
    left join aliases as source_alias
        on source_alias.field = 'event_source' and source_alias.spelling = lower(cleaned.source_text)
    left join aliases as status_alias
        on status_alias.field = 'event_status' and status_alias.spelling = lower(cleaned.status)
    left join aliases as satisfaction_alias
        on satisfaction_alias.field = 'satisfaction' and satisfaction_alias.spelling = lower(cleaned.satisfaction_text)
    left join dimension_aliases as township_alias
        on township_alias.dimension = 'township'
        and township_alias.alias = spelling_key(clean_cell(cleaned.township_cell, $empty_values))
    left join dimension_aliases as department_alias
        on department_alias.dimension = 'department'
        and department_alias.alias = spelling_key(clean_cell(cleaned.department_cell, $empty_values))
),

dated as (
    select
        parsed.*,
        coalesce(reported_at, found_at, registered_at) as event_at,
        coalesce(
            deadline_at,
            coalesce(dispatched_at, reported_at, found_at) + to_hours(deadline_hours)
        ) as deadline,
    from parsed
),

checked as (
    select
        dated.*,
        list_filter([
            case when event_id is null then {'field': 'event_id', 'code': 'missing', 'value': null} end,
            case when event_at is null and found_text is null and reported_text is null and registered_text is null
                then {'field': 'reported_at', 'code': 'missing', 'value': null} end,
            case when found_text is not null and found_at is null
                then {'field': 'found_at', 'code': 'bad_date', 'value': found_text} end,
            case when reported_text is not null and reported_at is null
                then {'field': 'reported_at', 'code': 'bad_date', 'value': reported_text} end,
            case when registered_text is not null and registered_at is null
                then {'field': 'registered_at', 'code': 'bad_date', 'value': registered_text} end,
            case when dispatched_text is not null and dispatched_at is null
                then {'field': 'dispatched_at', 'code': 'bad_date', 'value': dispatched_text} end,
            case when disposed_text is not null and disposed_at is null
                then {'field': 'disposed_at', 'code': 'bad_date', 'value': disposed_text} end,
            case when closed_text is not null and closed_at is null
                then {'field': 'closed_at', 'code': 'bad_date', 'value': closed_text} end,
            case when deadline_text is not null and deadline_at is null and deadline_hours is null
                then {'field': 'deadline', 'code': 'bad_deadline', 'value': deadline_text} end,
            case when greatest(found_at, reported_at, registered_at, dispatched_at, disposed_at, closed_at) > $now
                then {'field': 'reported_at', 'code': 'future', 'value': coalesce(reported_text, found_text)} end,
            case when event_at < $earliest
                then {'field': 'reported_at', 'code': 'too_early', 'value': coalesce(reported_text, found_text)} end,
            case when closed_at < event_at
                then {'field': 'closed_at', 'code': 'closed_before_reported', 'value': closed_text} end,
            case when satisfaction is null
                then {'field': 'satisfaction', 'code': 'unknown_value', 'value': satisfaction_text} end,
        ], lambda problem: problem is not null) as problems,
    from dated
),

with_winner as (
    -- an id repeated within the file: its last acceptable row wins, earlier ones are rejected
    select
        checked.*,
        max(case when len(problems) = 0 then source_row end) over (partition by event_id) as winning_row,
    from checked
)

select
    source_row,
    event_id,
    township,
    village,
    grid,
    grid_code,
    department,
    event_source,
    coalesce(found_by_staff, false) as found_by_staff,
    category,
    event_at,
    found_at,
    reported_at,
    registered_at,
    dispatched_at,
    deadline,
    disposed_at,
    closed_at,
    status,
    registered,
    satisfaction,
    summary,
    $source_file as source_file,
    case
        when event_id is not null and len(problems) = 0 and winning_row <> source_row
            then [{'field': 'event_id', 'code': 'duplicate_in_file', 'value': cast(winning_row as varchar)}]
        else problems
    end as problems,
from with_winner
