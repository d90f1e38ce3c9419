-- 咨询人次 in [$start, $end] per month, centre (（未填写）: a county-wide row) and township of a
-- township's centres ($township; null: all); minyi.service_totals adds them up per centre, month or
-- in all. A count reported for a month is in the period when the month's first day is. Counted
-- once: a centre's month reported both as a month and day by day counts the month's own figure,
-- and a whole-county row (no centre, no township) only in a month without any centre's row.
-- Whole months are kept counted this way in service_consultation_months (refreshed on import from
-- this query over every stored day). Reads service_consultations.
-- Parameters: $start, $end (dates), $township.
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
    cast(month as date) as month,
    coalesce(centre, '（未填写）') as centre,
    township,
    cast(sum(visits) as bigint) as visits,
from kept
where (by_month or not month_reported)
    and (not county_wide or not centres_reported)
group by all
order by month, centre, township
