-- Maps every department (承办单位) spelling in raw_rows that has no alias yet to the known
-- department with the same key. Run after add_departments. Reads raw_rows, departments, department_aliases.
insert into department_aliases
with
spellings as (  -- distinct first: a large export repeats a few names many times
    select distinct department from raw_rows
),

seen as (
    select distinct regexp_replace(department, '\s+', '', 'g') as alias,
    from spellings
    where nullif(regexp_replace(department, '\s+', '', 'g'), '') is not null
),

unknown as (
    select alias from seen
    where alias not in (select alias from department_aliases)
)

select
    unknown.alias,
    arg_min(known.department, length(known.department)) as department,
from unknown
inner join departments as known
    on department_key(known.department) = department_key(unknown.alias)
group by unknown.alias
