-- Whether case_facts holds exactly one row per case, as every refresh leaves it (the rollups of
-- grid events, 办件 and 咨询人次: stale_rollups.sql).
select (select count(*) from cases) = (select count(*) from case_facts) as matches
