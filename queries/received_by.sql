-- Cases received per reporting unit (see scoped_units) in the period and in a comparison period
-- (the same dates last year for 同比), for volume rankings and top-N breakdowns.
-- Parameters: $start, $end, $earlier_start, $earlier_end, $source, $township, $department,
-- $category, $by.
with
current_period as (
    select
        unit,
        count(*) as received,
    from scoped_units($start, $end, $source, $township, $department, $category, $by)
    group by unit
),

earlier_period as (
    select
        unit,
        count(*) as received,
    from scoped_units($earlier_start, $earlier_end, $source, $township, $department, $category, $by)
    group by unit
)

select
    coalesce(current_period.unit, earlier_period.unit) as unit,
    coalesce(current_period.received, 0) as received,
    coalesce(earlier_period.received, 0) as received_earlier,
from current_period
full outer join earlier_period
    on earlier_period.unit = current_period.unit
order by received desc, unit
