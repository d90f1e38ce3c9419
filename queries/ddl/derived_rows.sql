-- The rows of the tables derived from cases, one macro per table, so that a refresh of every
-- month (queries/import/refresh_*.sql, months null) and of what an import touched
-- (queries/import/replace_touched_months.sql: the rollups' months, the per-case tables' days and
-- the months they need whole) write the same rows.
-- Created on the import's connection (temporary, never stored). What each row means is in the
-- table's refresh file.

-- Whether a day falls in one of `months` (first days, ascending; null: every month). The range
-- test comes first, so a scan of a table stored in date order skips the row groups outside it.
create or replace temp macro in_months(day, months) as (
    months is null
    or (day >= list_min(months) and day < list_max(months) + interval 1 month
        and list_contains(months, cast(date_trunc('month', day) as date)))
);

-- Whether a day is one of `days` (a list, ascending), range test first as in_months.
create or replace temp macro in_days(day, days) as (
    day >= list_min(days) and day <= list_max(days) and list_contains(days, day)
);

-- case_facts: one row per case, the columns the analysis queries count, of the cases received in
-- `months` (null: all) or on `days`.
create or replace temp macro case_fact_rows(months, days) as table
select
    source,
    received_date,
    township,
    department,
    category,
    channel,
    deadline,
    coalesce(starts_with(deadline_basis, 'export'), false) as deadline_stated,
    cast(closed_at as date) as closed_date,
    cast(closed_at as date) <= deadline as closed_on_time,
    date_diff('day', received_date, cast(closed_at as date)) as handling_days,
    satisfaction,
    is_repeat,
    coalesce(closure_known, false) as closure_known,
    coalesce(repeat_known, false) as repeat_known,
from cases
where in_months(received_date, months) or in_days(received_date, days);

-- late_cases: the cases closed after their deadline or still open (received in `months` or on `days`).
create or replace temp macro late_case_rows(months, days) as table
select
    case_id,
    source,
    received_at,
    received_date,
    township,
    department,
    category,
    deadline,
    coalesce(starts_with(deadline_basis, 'export'), false) as deadline_stated,
    closed_at,
    cast(closed_at as date) as closed_date,
    summary,
    coalesce(closure_known, false) as closure_known,
from cases
where (in_months(received_date, months) or in_days(received_date, days))
    and deadline is not null
    and (closed_at is null or cast(closed_at as date) > deadline);

-- case_months: cases received per month and breakdown (reads case_facts).
create or replace temp macro case_month_rows(months) as table
select
    date_trunc('month', received_date) as month,
    source,
    township,
    department,
    category,
    channel,
    count(*) as received,
from case_facts
where in_months(received_date, months)
group by all;

-- case_steps: the monthly rollup of receipts and closures (reads case_facts).
create or replace temp macro case_step_rows(months) as table
with
received as (
    select
        cast(date_trunc('month', received_date) as date) as month,
        source,
        township,
        department,
        category,
        satisfaction,
        deadline_stated,
        closure_known,
        repeat_known,
        cast(date_trunc('month', received_date) as date) as step_month,
        count(*) as received,
        count(*) filter (where is_repeat) as repeat_cases,
        count(channel) as with_channel,
        min(received_date) as first_day,
    from case_facts
    where in_months(received_date, months)
    group by all
),

closed as (
    select
        cast(date_trunc('month', received_date) as date) as month,
        source,
        township,
        department,
        category,
        deadline_stated,
        closure_known,
        repeat_known,
        cast(date_trunc('month', closed_date) as date) as step_month,
        count(*) as closed,
        count(*) filter (where closed_on_time) as closed_on_time,
    from case_facts
    where in_months(received_date, months)
        and closed_date is not null
    group by all
)

select *
from received
union all by name
select *
from closed;

-- What the current import touched (import/touch_case_months): the months of receipt whose rollup
-- rows are rewritten, the days whose case_facts rows are, the cases whose late_cases rows are (on
-- those days), and the months whose per-case rows are rewritten whole (pulled back from a history
-- part, or holding a renamed member's cases).
create temp table if not exists touched_case_months (month date);
create temp table if not exists touched_case_days (day date);
create temp table if not exists touched_cases (source varchar, case_id varchar);
create temp table if not exists whole_case_months (month date);
