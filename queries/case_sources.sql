-- The sources of the cases the database holds (petition, complaint): a chart of both sources cites
-- only the systems whose exports are in it (a county that imported only its 12345 hotline has no
-- 信访系统 to cite). Reads the monthly rollup, a few rows per month. No parameters.
select distinct source
from case_months
order by source
