-- One row per source with cases and per field a number or a breakdown may need (closed_at,
-- satisfaction, is_repeat, township, department, channel, category): whether that source's data carries it. A field is carried
-- when an import of the source had a column for it (source_fields), or, for cases imported
-- before source_fields existed, when any of the source's cases has a value for it (for the
-- repeat flag, which is stored false when an export does not say, a repeat; for callbacks, an
-- answer other than 未回访, which is stored when an export does not say), read from the rollup
-- case_steps.
-- No parameters.
with
observed as (
    select
        source,
        coalesce(bool_or(closed > 0), false) as closed_at,
        coalesce(bool_or(received > 0 and satisfaction is not null and satisfaction <> '未回访'), false) as satisfaction,
        coalesce(bool_or(repeat_cases > 0), false) as is_repeat,  -- stored false when not said: a repeat tells
        coalesce(bool_or(received > 0 and township is not null), false) as township,
        coalesce(bool_or(received > 0 and department is not null), false) as department,
        coalesce(bool_or(with_channel > 0), false) as channel,
        coalesce(bool_or(received > 0 and category is not null), false) as category,
    from case_steps
    group by source
    having sum(received) > 0
),

fields as (  -- the fields asked about, one row each
    select 'closed_at' as field
    union all select 'satisfaction'
    union all select 'is_repeat'
    union all select 'township'
    union all select 'department'
    union all select 'channel'
    union all select 'category'
),

per_field as (  -- one row per source and field, `observed` read once (ClickHouse reads a CTE per mention)
    select
        observed.source,
        fields.field,
        case fields.field
            when 'closed_at' then observed.closed_at
            when 'satisfaction' then observed.satisfaction
            when 'is_repeat' then observed.is_repeat
            when 'township' then observed.township
            when 'department' then observed.department
            when 'channel' then observed.channel
            else observed.category
        end as seen,
    from observed
    cross join fields
),

recorded as (
    select source, field from source_fields
)

select
    per_field.source,
    per_field.field,
    per_field.seen or recorded.field is not null as present,
from per_field
left join recorded
    on recorded.source = per_field.source
    and recorded.field = per_field.field
order by per_field.source, per_field.field
