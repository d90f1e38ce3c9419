-- Rebuilds grid_event_steps (after grid_event_step_days): one row per month of report, place
-- (township, village, grid, department) and step month. Rows of reports (step_month =
-- month) count what never changes once an event is reported: events, per source, 立案, found by
-- grid staff, with both found and reported times (by report_delay_hours: the hours from found to
-- reported, rounded up, 169 for longer than a week), with a deadline, and the callback answers.
-- Rows of standing are grid_event_step_days summed per month of the step. So the counts of
-- the events reported in whole months as things stood at a month's end are a sum over the rows
-- with step_month <= that month (grid/event_counts_whole_months). Ordered by month of report.
create or replace table grid_event_steps as
with
reported as (
    select
        cast(date_trunc('month', event_at) as date) as month,
        township,
        village,
        grid,
        department,
        cast(date_trunc('month', event_at) as date) as step_month,
        event_source,
        case when registered and found_by_staff
            then cast(least(ceil(date_diff('minute', found_at, reported_at) / 60), 169) as integer) end as report_delay_hours,
        count(*) as events,
        count(*) filter (where registered) as registered,
        count(*) filter (where registered and found_by_staff) as found_by_staff,
        count(*) filter (where registered and found_by_staff and found_at is not null and reported_at is not null)
            as report_timed,
        count(*) filter (where registered and deadline is not null) as deadline_known,
        count(*) filter (where registered and satisfaction = '满意') as satisfied,
        count(*) filter (where registered and satisfaction = '基本满意') as basically_satisfied,
        count(*) filter (where registered and satisfaction = '不满意') as unsatisfied,
        count(*) filter (where registered and satisfaction = '逾期未评价') as overdue_unrated,
    from grid_events
    group by all
),

standing as (
    select
        month,
        township,
        village,
        grid,
        department,
        cast(date_trunc('month', step_day) as date) as step_month,
        cast(sum(disposed) as bigint) as disposed,
        cast(sum(disposed_on_time) as bigint) as disposed_on_time,
        cast(sum(closed) as bigint) as closed,
        cast(sum(closed_on_time) as bigint) as closed_on_time,
        cast(sum(due) as bigint) as due,
        cast(sum(due_disposed) as bigint) as due_disposed,
        cast(sum(due_closed) as bigint) as due_closed,
    from grid_event_step_days
    group by all
)

select *
from reported
union all by name
select *
from standing
order by month, step_month
