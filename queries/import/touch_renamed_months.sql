-- Before the cases stored under a member the mapping file has just declared an alias of another
-- are renamed (import/rename_member_in_cases): records every month holding such a case as touched,
-- so that only those months' derived rows are rewritten, and the months of history parts among them
-- as pulled_months for import/pull_months (the parts are never written). Reads history_case_steps,
-- cases and the variable renamed_member (import/name_renamed_member: several statements take no
-- parameters).
create or replace temp table renamed_months as
select distinct cast(date_trunc('month', received_date) as date) as month
from (
    select month as received_date, township, department
    from history_case_steps  -- the parts' monthly rollup: its months and places, not every case
    union all
    select received_date, township, department
    from cases
)
where getvariable('renamed_member').alias <> getvariable('renamed_member').name
    and case getvariable('renamed_member').dimension
        when 'township' then township = getvariable('renamed_member').alias
        else department = getvariable('renamed_member').alias
    end;

create or replace temp table pulled_months as
select month
from case_parts
where month in (select month from renamed_months);

insert into touched_case_months
select month
from renamed_months
except
select month
from touched_case_months;

insert into whole_case_months
select month
from renamed_months
except
select month
from whole_case_months;
