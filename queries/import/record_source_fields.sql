-- Records that an import of $source carried a column for each of $fields (one row per source
-- and field; the first import that carried it is kept). Read back by queries/source_fields.sql.
-- Parameters: $source, $fields (list of Minyi field names), $import_id.
insert into source_fields (source, field, first_import_id)
select
    $source as source,
    unnest($fields) as field,
    $import_id as first_import_id,
on conflict do nothing
