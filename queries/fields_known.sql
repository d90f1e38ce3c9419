-- One row per source with cases: how many of its cases no export carried a closure column for
-- (closure_unknown) or a repeat column for (repeat_unknown), from the rollup's rows of receipt.
-- The 数据 page says so for a source whose other exports do carry the column
-- (minyi.coverage.Coverage.gaps). No parameters.
select
    source,
    cast(coalesce(sum(received) filter (where not closure_known), 0) as bigint) as closure_unknown,
    cast(coalesce(sum(received) filter (where not repeat_known), 0) as bigint) as repeat_unknown,
from case_steps
where received > 0
group by source
order by source
