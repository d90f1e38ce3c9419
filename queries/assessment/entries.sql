-- The hand-entered points (level null) and 民意测评 votes of one rule file and period: one row
-- per unit, item and level. Reads assessment_entries. Parameters: $title (the rule file's title),
-- $start, $end (the period).
select
    unit,
    item,
    level,
    points,
    votes,
from assessment_entries
where title = $title
    and period_start = $start
    and period_end = $end
order by unit, item, level
