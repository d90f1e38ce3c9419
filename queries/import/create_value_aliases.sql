-- The value spellings of this import (built-in plus the mapping file's), from the registered
-- frame value_alias_frame: one row per field and lower-cased spelling, with its canonical value.
create or replace temp table value_aliases as
select
    field,
    raw,
    canonical,
from value_alias_frame
