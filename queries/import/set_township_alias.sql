-- Declares one township alias from a mapping file: $alias is another spelling of $township.
insert or replace into township_aliases values ($alias, $township)
