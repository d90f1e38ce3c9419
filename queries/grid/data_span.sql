-- One row: the first and last day of any grid event (its date, see stage_events), and how many
-- events are stored. No parameters.
select
    cast(min(event_at) as date) as first_day,
    cast(max(event_at) as date) as last_day,
    count(*) as records,
from grid_events
