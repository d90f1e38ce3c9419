-- One row per source with cases: how many of its cases no export carried a closure column for
-- (closure_unknown) or a repeat column for (repeat_unknown). The 数据 page says so for a source
-- whose other exports do carry the column (minyi.coverage.Coverage.gaps). No parameters.
select
    source,
    count_if(not closure_known) as closure_unknown,
    count_if(not repeat_known) as repeat_unknown,
from case_facts
group by source
order by source
