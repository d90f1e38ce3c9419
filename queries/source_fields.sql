-- One row per source with cases and per field a number or a breakdown may need (closed_at,
-- satisfaction, is_repeat, township, department, channel, category): whether that source's data carries it. A field is carried
-- when an import of the source had a column for it (source_fields), or, for cases imported
-- before source_fields existed, when any of the source's cases has a value for it (for the
-- repeat flag, which is stored false when an export does not say, a repeat; for callbacks, an
-- answer other than 未回访, which is stored when an export does not say).
-- No parameters.
with
facts as (
    select * from case_facts
),

observed as (
    select
        source,
        bool_or(closed_date is not null) as closed_at,
        bool_or(satisfaction is not null and satisfaction <> '未回访') as satisfaction,
        bool_or(coalesce(is_repeat, false)) as is_repeat,  -- stored false when not said: a repeat tells
        bool_or(township is not null) as township,
        bool_or(department is not null) as department,
        bool_or(channel is not null) as channel,
        bool_or(category is not null) as category,
    from facts
    group by source
),

per_field as (
    unpivot observed
    on closed_at, satisfaction, is_repeat, township, department, channel, category
    into name field value seen
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
