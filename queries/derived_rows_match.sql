-- Whether the derived tables count every record, as every refresh leaves them: case_facts one row
-- per case, the grid events' and 办件's month rollups as many as the tables hold.
select
    (select count(*) from cases) = (select count(*) from case_facts)
    and (select count(*) from grid_events) = (select coalesce(sum(events), 0) from grid_event_steps)
    and (select count(*) from service_items) = (select coalesce(sum(items), 0) from service_item_steps)
    as matches
