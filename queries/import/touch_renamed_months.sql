-- Before the cases stored under a member the mapping file has just declared an alias of another
-- ($alias → $name) are renamed (import/rename_member_in_cases): copies back the months of history
-- parts holding such cases (the parts are never written) and records every month holding one as
-- touched, so that only those months' derived rows are rewritten. Reads history_cases, cases and the
-- variable renamed_member (import/name_renamed_member: several statements take no parameters).
create or replace temp table renamed_months as
select distinct cast(date_trunc('month', received_date) as date) as month
from (
    select received_date, township, department
    from history_cases
    union all
    select received_date, township, department
    from cases
)
where getvariable('renamed_member').alias <> getvariable('renamed_member').name
    and case getvariable('renamed_member').dimension
        when 'township' then township = getvariable('renamed_member').alias
        else department = getvariable('renamed_member').alias
    end;

set variable pulled_months = (
    select coalesce(list(month order by month), [])
    from case_parts
    where month in (select month from renamed_months)
);

insert into cases by name
select *
from history_cases
where in_months(received_date, getvariable('pulled_months'));

delete from case_parts
where month in (select month from renamed_months);

insert into touched_case_months
select month
from renamed_months
except
select month
from touched_case_months;
