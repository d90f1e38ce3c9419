-- The latest import runs, newest first, with their reconciled row counts. Parameters: $limit.
select
    import_id,
    finished_at,
    kind,
    array_to_string(files, '、') as files,
    rows_read,
    rows_new,
    rows_updated,
    rows_unchanged,
    rows_rejected,
    quarantine_file,
from imports
order by import_id desc
limit $limit
