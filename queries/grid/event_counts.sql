-- One row per grid (with its township and village; blanks grouped as null), counting the events
-- reported in [$start, $end] (event_at, see stage_events) as things stood at the end of $as_of (on
-- or after $end; event_counts_whole_months reads the same counts for whole months). Every
-- count adds up, so the villages, townships and the county are sums of these rows
-- (grid_metrics.rates_by): a page showing several levels reads the events once.
-- 应处置/应结案 (due_*) are the events disposed/closed by then plus those still open past their
-- deadline then; an event without a deadline is due only once done, and never on time.
-- Reads grid_events. Parameters: $start, $end, $as_of (dates), $township, $department (null: all),
-- $report_hours (上报及时: reported within this many hours of being found).
with
events as (
    select *
    from grid_events_in('grid_events', $start, $end, $township, $department, null, null)
),

judged as (
    select
        township,
        village,
        grid,
        registered,
        registered and found_by_staff as found_by_staff,
        registered and found_by_staff and found_at is not null and reported_at is not null as report_timed,
        registered and found_by_staff
            and date_diff('minute', found_at, reported_at) <= $report_hours * 60 as reported_in_time,
        registered and disposed_at < $as_of + interval 1 day as disposed,
        registered and disposed_at < $as_of + interval 1 day and disposed_at <= deadline as disposed_on_time,
        registered and coalesce(disposed_at >= $as_of + interval 1 day, true) and deadline < $as_of + interval 1 day
            as open_past_disposal,
        registered and closed_at < $as_of + interval 1 day as closed,
        registered and closed_at < $as_of + interval 1 day and closed_at <= deadline as closed_on_time,
        registered and coalesce(closed_at >= $as_of + interval 1 day, true) and deadline < $as_of + interval 1 day
            as open_past_closure,
        deadline is not null as deadline_known,
        satisfaction,
    from events
)

select
    township,
    village,
    grid,
    count(*) as events,
    count(*) filter (where registered) as registered,
    count(*) filter (where found_by_staff) as found_by_staff,
    count(*) filter (where report_timed) as report_timed,
    count(*) filter (where reported_in_time) as reported_in_time,
    count(*) filter (where disposed) as disposed,
    count(*) filter (where disposed_on_time) as disposed_on_time,
    count(*) filter (where open_past_disposal) as open_past_disposal,
    count(*) filter (where closed) as closed,
    count(*) filter (where closed_on_time) as closed_on_time,
    count(*) filter (where open_past_closure) as open_past_closure,
    count(*) filter (where registered and deadline_known) as deadline_known,
    count(*) filter (where registered and satisfaction = '满意') as satisfied,
    count(*) filter (where registered and satisfaction = '基本满意') as basically_satisfied,
    count(*) filter (where registered and satisfaction = '不满意') as unsatisfied,
    count(*) filter (where registered and satisfaction = '逾期未评价') as overdue_unrated,
from judged
group by township, village, grid
