-- The cells of rejected rows (one row per cell, registered as quarantine_cells) with ID-card and
-- phone numbers and the row's person name masked, as the database's summaries are, before
-- they are written to the quarantine file.
select
    row_position,
    cell_position,
    scrub_text(value, person_name) as value,
from quarantine_cells
