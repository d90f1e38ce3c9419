-- Rebuilds service_item_steps (after service_item_step_days): one row per month of receipt,
-- 办理层级, centre, township, department, matter and step month. Rows of receipts (step_month =
-- month) count what never changes once a 办件 is received: 办件, those whose export had a 办结时间
-- column, with a known and an online 办理方式, the ratings and the 差评 put right. Rows of standing
-- are service_item_step_days summed per month of the step. So the counts of the 办件 received in
-- whole months as things stood at a month's end are a sum over the rows with step_month <= that
-- month (service/item_counts_whole_months). Ordered by month of receipt.
create or replace table service_item_steps as
with
received as (
    select
        cast(date_trunc('month', received_at) as date) as month,
        service_level,
        centre,
        township,
        department,
        matter_name,
        cast(date_trunc('month', received_at) as date) as step_month,
        count(*) as items,
        count(*) filter (where coalesce(closure_known, true)) as closure_items,
        count(*) filter (where service_mode is not null) as mode_known,
        count(*) filter (where online) as online,
        count(*) filter (where satisfaction = '满意') as satisfied,
        count(*) filter (where satisfaction = '基本满意') as basically_satisfied,
        count(*) filter (where satisfaction = '不满意') as unsatisfied,
        count(*) filter (where satisfaction = '逾期未评价') as overdue_unrated,
        count(*) filter (where satisfaction = '不满意' and rectified) as rectified,
    from service_items
    group by all
),

standing as (
    select
        month,
        service_level,
        centre,
        township,
        department,
        matter_name,
        cast(date_trunc('month', step_day) as date) as step_month,
        cast(sum(closed) as bigint) as closed,
        cast(sum(timed_closed) as bigint) as timed_closed,
        cast(sum(closed_on_time) as bigint) as closed_on_time,
        cast(sum(due) as bigint) as due,
        cast(sum(due_closed) as bigint) as due_closed,
    from service_item_step_days
    group by all
)

select *
from received
union all by name
select *
from standing
order by month, step_month
