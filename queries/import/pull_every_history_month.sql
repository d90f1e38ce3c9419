-- Lists every month the history parts own as pulled_months, for import/pull_months to copy back
-- into the current part before the derived tables of an older version are rebuilt from all cases
-- (minyi.parts.pull_every_month): the parts are never written. No parameters.
create or replace temp table pulled_months as
select month
from case_parts
