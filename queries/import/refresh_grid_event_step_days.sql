-- Rebuilds grid_event_step_days from grid_events: one row per month of report (event_at), place
-- (township, village, grid, department) and day on which the standing of that month's registered
-- events changed, counting the events that changed then: disposed (and on time), closed (and on
-- time), their deadline passed (due), and both done and past their deadline (due_disposed,
-- due_closed). The standing as of a day E is the sum of the rows with step_day <= E: 已处置 is
-- disposed, 期末仍未处置且超时 is due - due_disposed (likewise for closure), as event_counts counts them.
-- Ordered by step_day, so a standing as of a day inside a month reads that month's rows only.
-- grid_event_steps rolls these up to months. Runs inside the import's transaction.
create or replace table grid_event_step_days as
with
events as (
    select
        cast(date_trunc('month', event_at) as date) as month,
        township,
        village,
        grid,
        department,
        cast(disposed_at as date) as disposed_day,
        disposed_at <= deadline as disposed_on_time,
        cast(closed_at as date) as closed_day,
        closed_at <= deadline as closed_on_time,
        cast(deadline as date) as deadline_day,
    from grid_events
    where registered
),

steps as (
    select
        *,
        unnest(list_distinct([
            disposed_day,
            closed_day,
            deadline_day,
            case when disposed_day is not null and deadline_day is not null then greatest(deadline_day, disposed_day) end,
            case when closed_day is not null and deadline_day is not null then greatest(deadline_day, closed_day) end,
        ])) as step_day,
    from events
)

select
    month,
    township,
    village,
    grid,
    department,
    step_day,
    count(*) filter (where step_day = disposed_day) as disposed,
    count(*) filter (where step_day = disposed_day and disposed_on_time) as disposed_on_time,
    count(*) filter (where step_day = closed_day) as closed,
    count(*) filter (where step_day = closed_day and closed_on_time) as closed_on_time,
    count(*) filter (where step_day = deadline_day) as due,
    count(*) filter (where step_day = greatest(deadline_day, disposed_day) and disposed_day is not null
        and deadline_day is not null) as due_disposed,
    count(*) filter (where step_day = greatest(deadline_day, closed_day) and closed_day is not null
        and deadline_day is not null) as due_closed,
from steps
group by all
order by step_day
