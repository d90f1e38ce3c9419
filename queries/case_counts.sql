-- One row per reporting unit (see scoped_units) with the case counts every headline rate is
-- built from, for cases received in [$start, $end] within the filters. Closure is judged as of
-- $end; the overdue backlog counts every case received by $end that is still open past its deadline.
-- Parameters: $start, $end (dates, inclusive), $source, $township, $department, $category (null = all),
-- $by (county | source | township | department | category | channel).
with
received as (
    select
        unit,
        count(*) as received,
        count(*) filter (where cast(closed_at as date) <= $end) as closed,
        count(*) filter (where cast(closed_at as date) <= $end and cast(closed_at as date) <= deadline)
            as closed_on_time,
        count(*) filter (where (closed_at is null or cast(closed_at as date) > $end) and deadline < $end)
            as open_past_deadline,
        count(*) filter (where satisfaction = '满意') as satisfied,
        count(*) filter (where satisfaction = '基本满意') as basically_satisfied,
        count(*) filter (where satisfaction = '不满意') as unsatisfied,
        count(*) filter (where satisfaction = '逾期未评价') as overdue_unrated,
        count(*) filter (where satisfaction = '未回访') as not_called_back,
        count(*) filter (where is_repeat) as repeat_cases,
    from scoped_units($start, $end, $source, $township, $department, $category, $by)
    group by unit
),

backlog as (
    select
        unit,
        count(*) as overdue_open,
    from scoped_units(date '1900-01-01', $end, $source, $township, $department, $category, $by)
    where (closed_at is null or cast(closed_at as date) > $end)
        and deadline < $end
    group by unit
)

select
    coalesce(received.unit, backlog.unit) as unit,
    coalesce(received.received, 0) as received,
    coalesce(received.closed, 0) as closed,
    coalesce(received.closed_on_time, 0) as closed_on_time,
    coalesce(received.open_past_deadline, 0) as open_past_deadline,
    coalesce(received.satisfied, 0) as satisfied,
    coalesce(received.basically_satisfied, 0) as basically_satisfied,
    coalesce(received.unsatisfied, 0) as unsatisfied,
    coalesce(received.overdue_unrated, 0) as overdue_unrated,
    coalesce(received.not_called_back, 0) as not_called_back,
    coalesce(received.repeat_cases, 0) as repeat_cases,
    coalesce(backlog.overdue_open, 0) as overdue_open,
from received
full outer join backlog
    on backlog.unit = received.unit
order by received desc, unit
