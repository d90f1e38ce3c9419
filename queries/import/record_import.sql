-- Records one finished import run with its reconciled counts.
insert into imports values (
    $import_id, $started_at, $finished_at, $kind, $files,
    $rows_read, $rows_new, $rows_updated, $rows_unchanged, $rows_rejected, $quarantine_file
)
