-- The months of history parts (minyi.parts) that the staged cases touch, as pulled_months for
-- import/pull_months: the months they were received in, and those holding a stored version of one
-- of them, found by id in the parts' id index (history_case_ids, in id order: with the staged ids'
-- range as constants, the scan reads the row groups of that range only). Reads staged_cases,
-- history_case_ids.
set variable staged_ids = (select {'first': min(case_id), 'last': max(case_id)} from staged_cases);

create or replace temp table pulled_months as
select month
from case_parts
where month in (
    select cast(date_trunc('month', received_date) as date)
    from staged_cases
    union
    select stored.month
    from history_case_ids as stored
    join staged_cases as staged
        on stored.source = staged.source
        and stored.case_id = staged.case_id
    where stored.case_id between getvariable('staged_ids').first and getvariable('staged_ids').last
);
