-- The months of receipt whose cases the current part holds, with how many: minyi.parts.settle moves
-- all but the latest to a history part once they are too many. No parameters.
select
    cast(date_trunc('month', received_date) as date) as month,
    count(*) as cases,
from cases
group by all
order by month
