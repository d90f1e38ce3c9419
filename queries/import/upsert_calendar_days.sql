-- Stores the working-day status of the days in the registered frame new_calendar_days,
-- replacing earlier entries (a holidays file may correct a fallback year).
insert or replace into calendar_days
select day, is_workday, basis from new_calendar_days
