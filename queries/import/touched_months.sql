-- How many months of receipt the current import touched (import/touch_case_months): none, and the
-- tables derived from cases are left as they are. No parameters.
select count(*) as months
from touched_case_months
