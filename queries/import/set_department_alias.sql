-- Declares one department alias from a mapping file: $alias is another spelling of $department.
insert or replace into department_aliases values ($alias, $department)
