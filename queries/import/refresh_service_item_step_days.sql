-- Rebuilds service_item_step_days from service_items: one row per month of receipt, 办理层级,
-- centre, township, department, matter and day on which the standing of that month's 办件 changed,
-- counting the 办件 that changed then: finished (closed; timed_closed: with a 承诺时限;
-- closed_on_time: within it), past their 承诺时限 (due: the day after its last day, among the 办件
-- whose export had a 办结时间 column) and both finished and past it (due_closed). The standing as of
-- a day E is the sum of the rows with step_day <= E: 逾期未办结 is due - due_closed, as item_counts
-- counts it. Ordered by step_day, so a standing as of a day inside a month reads that month's rows
-- only. service_item_steps rolls these up to months. Runs inside the import's transaction.
create or replace table service_item_step_days as
with
items as (
    select
        cast(date_trunc('month', received_at) as date) as month,
        service_level,
        centre,
        township,
        department,
        matter_name,
        cast(closed_at as date) as closed_day,
        deadline,
        case when coalesce(closure_known, true) then deadline + 1 end as due_day,
    from service_items
),

steps as (
    select
        *,
        unnest(list_distinct([
            closed_day,
            due_day,
            case when closed_day is not null and due_day is not null then greatest(due_day, closed_day) end,
        ])) as step_day,
    from items
)

select
    month,
    service_level,
    centre,
    township,
    department,
    matter_name,
    step_day,
    count(*) filter (where step_day = closed_day) as closed,
    count(*) filter (where step_day = closed_day and deadline is not null) as timed_closed,
    count(*) filter (where step_day = closed_day and closed_day <= deadline) as closed_on_time,
    count(*) filter (where step_day = due_day) as due,
    count(*) filter (where step_day = greatest(due_day, closed_day) and closed_day is not null
        and due_day is not null) as due_closed,
from steps
group by all
order by step_day
