-- 咨询人次 in [$start, $end]: per centre ($by = 'centre'), per month ('month') or in all ('county'),
-- of a township's centres ($township; null: all). A count reported for a month is in the period
-- when the month's first day is. Counted once: a centre's month reported both as a month and day
-- by day counts the month's own figure, and a whole-county row (no centre, no township) only in a
-- month without any centre's row. Reads service_consultations.
-- Parameters: $start, $end (dates), $by, $township.
with
rows as (
    select
        *,
        date_trunc('month', day) as month,
        centre is null and township is null as county_wide,
    from service_consultations
    where day between $start and $end
        and matches(township, $township)
),

kept as (
    select
        *,
        bool_or(by_month) over (partition by month, centre, township, service_level) as month_reported,
        bool_or(not county_wide) over (partition by month) as centres_reported,
    from rows
)

select
    case $by
        when 'centre' then coalesce(centre, '（未填写）')
        when 'month' then strftime(month, '%Y-%m')
    end as unit,
    sum(visits) as visits,
from kept
where (by_month or not month_reported)
    and (not county_wide or not centres_reported)
group by all
order by unit
