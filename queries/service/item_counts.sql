-- One row per 办理层级, centre, township, department and matter (blanks grouped as null), counting
-- the 办件 received in [$start, $end] as things stood at the end of $as_of, on or after $end (办结
-- and 应办结 among the 办件 whose export had a 办结时间 column, closure_items; item_counts_whole_months
-- reads the same counts for whole months from the rollups). Every count adds up, so the county and each
-- breakdown (level, centre, township, department, matter) are sums of these rows
-- (service_metrics.rates_by): a page showing several reads the 办件 once per period. 应办结 (due) are
-- those finished by then plus those still open past their 承诺时限 then; a 办件 without a 承诺时限 is
-- never on time nor overdue (timed_* count those with one). 差评 are ratings of 不满意 or 非常不满意
-- (stored as 不满意).
-- Reads service_items. Parameters: $start, $end, $as_of (dates), $township, $department (null: all).
with
items as (
    select *
    from service_items_in('service_items', $start, $end, $township, $department, null, null)
),

judged as (
    select
        service_level,
        centre,
        township,
        department,
        matter_name,
        closed_at < $as_of + interval 1 day as closed,
        closed_at < $as_of + interval 1 day and deadline is not null as timed_closed,
        closed_at < $as_of + interval 1 day and cast(closed_at as date) <= deadline as closed_on_time,
        coalesce(closure_known, true) and is_open_past_deadline(cast(closed_at as date), deadline, $as_of)
            as open_past_deadline,
        coalesce(closure_known, true) as closure_counted,
        service_mode is not null as mode_known,
        coalesce(online, false) as online,
        satisfaction,
        coalesce(rectified, false) as rectified,
    from items
)

select
    service_level,
    centre,
    township,
    department,
    matter_name,
    count(*) as items,
    count(*) filter (where closure_counted) as closure_items,
    count(*) filter (where closed) as closed,
    count(*) filter (where timed_closed) as timed_closed,
    count(*) filter (where closed_on_time) as closed_on_time,
    count(*) filter (where open_past_deadline) as open_past_deadline,
    count(*) filter (where mode_known) as mode_known,
    count(*) filter (where online) as online,
    count(*) filter (where satisfaction = '满意') as satisfied,
    count(*) filter (where satisfaction = '基本满意') as basically_satisfied,
    count(*) filter (where satisfaction = '不满意') as unsatisfied,
    count(*) filter (where satisfaction = '逾期未评价') as overdue_unrated,
    count(*) filter (where satisfaction = '不满意' and rectified) as rectified,
from judged
group by all
