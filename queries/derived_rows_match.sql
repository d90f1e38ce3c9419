-- Whether case_facts holds exactly one row per case, as every refresh leaves it.
select (select count(*) from cases) = (select count(*) from case_facts) as matches
