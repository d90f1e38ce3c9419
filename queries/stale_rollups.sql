-- The records whose rollups do not count them (grid, service, consultation): a database written by
-- a version before the rollups holds the records and, once any import has created the tables, empty
-- rollups. minyi.dataset calls such a snapshot out of date; an import rebuilds them. No parameters.
select 'grid' as records
where (select count(*) from grid_events) <> (select coalesce(sum(events), 0) from grid_event_steps)
union all
select 'service'
where (select count(*) from service_items) <> (select coalesce(sum(items), 0) from service_item_steps)
union all
select 'consultation'
where (select count(*) > 0 from service_consultations) <> (select count(*) > 0 from service_consultation_months)
