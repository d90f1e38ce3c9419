-- Empties what the previous import touched (touched_case_months, touched_case_days, touched_cases,
-- whole_case_months) at the start of an import: the demo generator imports part after part on one
-- connection, and each should rewrite only its own. No parameters.
delete from touched_case_months;

delete from touched_case_days;

delete from touched_cases;

delete from whole_case_months
