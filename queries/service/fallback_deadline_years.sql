-- One row per deadline year whose official holidays were unknown, so that the accepted 办件 of
-- this import whose 承诺时限 is in working days and falls in it had them counted Monday–Friday only.
-- Reads staged_service_items, calendar_days.
select
    year(staged.deadline) as deadline_year,
    count(*) as items,
from staged_service_items as staged
inner join calendar_days
    on calendar_days.day = staged.deadline
where len(staged.problems) = 0
    and staged.deadline_in_working_days
    and calendar_days.basis = 'weekend_fallback'
group by deadline_year
order by deadline_year
