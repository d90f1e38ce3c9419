-- Copies back into the current part the months of history parts (minyi.parts) that the staged
-- cases touch: the months they were received in, and those holding a stored version of one of them
-- (found by id through history_cases; ids follow receipt, so the scan skips the parts' row groups of
-- other years). The current part then owns those months (case_parts forgets them) and, as months the
-- import touched, their derived rows are rewritten here at its end. Reads staged_cases, history_cases.
create or replace temp table pulled_months as
select month
from case_parts
where month in (
    select cast(date_trunc('month', received_date) as date)
    from staged_cases
    union
    select cast(date_trunc('month', history.received_date) as date)
    from history_cases as history
    join staged_cases as staged
        on history.source = staged.source
        and history.case_id = staged.case_id
);

insert into cases by name
select *
from history_cases
where cast(date_trunc('month', received_date) as date) in (select month from pulled_months);

insert into touched_case_months
select month
from pulled_months
except
select month
from touched_case_months;

delete from case_parts
where month in (select month from pulled_months);
