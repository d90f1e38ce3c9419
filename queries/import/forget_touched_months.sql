-- Empties touched_case_months at the start of an import: the demo generator imports part after
-- part on one connection, and each should rewrite only its own months. No parameters.
delete from touched_case_months
