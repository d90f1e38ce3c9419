-- The months the import touched (touched_case_months) as the variable touched_months, a list of
-- first days in order (empty, never null: null means every month), which
-- import/replace_touched_*.sql filter by: a constant, so their scans skip the row groups of other
-- months (a subquery there would not be pushed into the scans).
set variable touched_months = (select coalesce(list(month order by month), []) from touched_case_months)
