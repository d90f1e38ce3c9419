-- The months of receipt whose cases the current part holds, with how many: minyi.parts.settle moves
-- all but the latest to a history part once they are too many. Read from the monthly rollup
-- case_months, which an import leaves counting every case (minyi.ingest.derived.check_case_tables):
-- a province's current part holds 9M cases. No parameters.
select
    cast(month as date) as month,
    cast(sum(received) as bigint) as cases,
from case_months
group by all
order by month
