-- One row per deadline year whose official holidays were unknown, so that the accepted cases
-- of this import due in it had their working days counted Monday–Friday only. Reads staged_cases.
select
    year(deadline) as deadline_year,
    count(*) as cases,
from staged_cases
where len(problems) = 0
    and deadline_basis like '%weekend_fallback'
group by deadline_year
order by deadline_year
