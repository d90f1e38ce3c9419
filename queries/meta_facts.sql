-- One row per fact about the database (dataset_kind, county, generated_at, ...).
select
    key,
    value,
from meta
order by key
