-- Rebuilds case_steps from case_facts (run after refresh_case_facts): the monthly rollup that
-- case_cells_whole_months reads instead of every case of a period. One row per month of receipt,
-- source, township, department, category, callback answer, deadline_stated, closure_known,
-- repeat_known and step month. Rows of receipt (step_month = month) count what never changes once a
-- case is received: the cases, the repeats, those with a channel (with_channel) and the first day
-- received (first_day: the source summaries read these too). Rows of closure (step_month the month
-- closed; satisfaction left null, the answers being counted on receipt) count the closures and those
-- on time. So the cases received in whole months as things stood at a month's end are a sum over the
-- rows with step_month <= that month. Ordered by month of receipt.
create or replace table case_steps as
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
        count_if(is_repeat) as repeat_cases,
        count(channel) as with_channel,
        min(received_date) as first_day,
    from case_facts
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
        count_if(closed_on_time) as closed_on_time,
    from case_facts
    where closed_date is not null
    group by all
)

select *
from received
union all by name
select *
from closed
order by month, step_month
