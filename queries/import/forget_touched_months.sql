-- Empties what the previous import touched (touched_case_months, touched_case_days,
-- whole_case_months) at the start of an import: the demo generator imports part after part on one
-- connection, and each should rewrite only its own. No parameters.
delete from touched_case_months;

delete from touched_case_days;

delete from whole_case_months
