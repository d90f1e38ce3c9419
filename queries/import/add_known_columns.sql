-- Adds closure_known and repeat_known to a `cases` table written before they existed, inferred
-- per source: the source's exports carried the column (source_fields), or, where no import
-- recorded its fields, any of its cases is closed (for closures) or a repeat (for repeats; a case
-- whose export did not say was stored as not repeated). One statement per column and fill.
-- No parameters.
alter table cases add column if not exists closure_known boolean;
alter table cases add column if not exists repeat_known boolean;
update cases
set
    closure_known = coalesce(known.closure_known, false),
    repeat_known = coalesce(known.repeat_known, false),
from (
    select
        source,
        bool_or(closed_at is not null)
            or exists (select 1 from source_fields as f where f.source = c.source and f.field = 'closed_at')
            as closure_known,
        bool_or(coalesce(is_repeat, false))
            or exists (select 1 from source_fields as f where f.source = c.source and f.field = 'is_repeat')
            as repeat_known,
    from cases as c
    group by source
) as known
where known.source = cases.source;
