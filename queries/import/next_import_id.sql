-- The id the next import run gets: one more than the last recorded.
select coalesce(max(import_id), 0) + 1 as import_id from imports
