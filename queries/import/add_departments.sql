-- Registers as new department (承办单位)s the spellings in raw_rows that neither an alias nor the key
-- (the name without a leading 县/区/市) of a known one matches. Spellings sharing a key become one,
-- named by the longest spelling. Reads raw_rows, departments, department_aliases.
insert into departments
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
),

unmatched as (
    select alias from unknown
    where department_key(alias) not in (select department_key(department) from departments)
),

named as (
    select arg_max(alias, length(alias)) as department,
    from unmatched
    group by department_key(alias)
)

select
    department,
from named
