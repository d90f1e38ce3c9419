-- One row per data row of a 考核手工评分表: the rule file's title, the period, the unit, the item
-- (and vote level) and the points or votes entered, plus the list of problems (field, code, value)
-- that keep it out of assessment_entries. The rule file is read in Python and registered:
-- assessment_rule_items (item, votes_item, full_points), assessment_rule_levels (item, level),
-- assessment_rule_units (unit; empty: the units are the township or department members) and
-- assessment_period_texts (period_text, period_start, period_end; null dates: not a period).
-- Reads raw_rows, dimension_aliases. Parameters: $title, $unit_dimension ('township',
-- 'department', or null for work teams), $source_file, $empty_values.
create or replace temp table staged_entries as
with
cleaned as (
    select
        source_row,
        clean_cell(assessment_title, $empty_values) as title,
        clean_cell(assessment_period, $empty_values) as period_text,
        clean_cell(assessed_unit, $empty_values) as unit_text,
        clean_cell(assessment_item, $empty_values) as item,
        clean_cell(vote_level, $empty_values) as level_text,
        clean_cell(entered_points, $empty_values) as points_text,
        clean_cell(entered_votes, $empty_values) as votes_text,
    from raw_rows
),

parsed as (
    select
        cleaned.*,
        periods.period_start,
        periods.period_end,
        coalesce(listed.unit, member.name) as unit,
        rule_items.item is not null as item_known,
        coalesce(rule_items.votes_item, false) as votes_item,
        rule_items.full_points,
        rule_levels.level,
        try_cast(replace(points_text, ',', '') as double) as points_number,
        try_cast(replace(votes_text, ',', '') as double) as votes_number,
    from cleaned
    left join assessment_period_texts as periods on periods.period_text = cleaned.period_text
    left join assessment_rule_units as listed on listed.unit = cleaned.unit_text
    left join dimension_aliases as member
        on member.dimension = $unit_dimension and member.alias = spelling_key(cleaned.unit_text)
    left join assessment_rule_items as rule_items on rule_items.item = cleaned.item
    left join assessment_rule_levels as rule_levels
        on rule_levels.item = cleaned.item and rule_levels.level = cleaned.level_text
),

checked as (
    select
        parsed.*,
        list_filter([
            case when title is null then {'field': 'assessment_title', 'code': 'missing', 'value': null} end,
            case when title <> $title then {'field': 'assessment_title', 'code': 'other_rules', 'value': title} end,
            case when period_text is null then {'field': 'assessment_period', 'code': 'missing', 'value': null} end,
            case when period_text is not null and period_start is null
                then {'field': 'assessment_period', 'code': 'bad_period', 'value': period_text} end,
            case when unit_text is null then {'field': 'assessed_unit', 'code': 'missing', 'value': null} end,
            case when unit_text is not null and unit is null
                then {'field': 'assessed_unit', 'code': 'unknown_unit', 'value': unit_text} end,
            case when item is null then {'field': 'assessment_item', 'code': 'missing', 'value': null} end,
            case when item is not null and not item_known
                then {'field': 'assessment_item', 'code': 'unknown_item', 'value': item} end,
            -- a 民意测评 item: a known vote level and a count of votes
            case when votes_item and level_text is null then {'field': 'vote_level', 'code': 'missing', 'value': null} end,
            case when votes_item and level_text is not null and level is null
                then {'field': 'vote_level', 'code': 'unknown_level', 'value': level_text} end,
            case when votes_item and votes_text is null
                then {'field': 'entered_votes', 'code': 'not_entered', 'value': null} end,
            case when votes_item and votes_text is not null
                    and (votes_number is null or not isfinite(votes_number) or votes_number < 0
                         or votes_number > 1000000 or votes_number <> floor(votes_number))
                then {'field': 'entered_votes', 'code': 'bad_count', 'value': votes_text} end,
            case when votes_item and points_text is not null
                then {'field': 'entered_points', 'code': 'points_on_votes', 'value': points_text} end,
            -- an item of points: a number from 0 to the item's points
            case when item_known and not votes_item and points_text is null
                then {'field': 'entered_points', 'code': 'not_entered', 'value': null} end,
            case when item_known and not votes_item and points_text is not null
                    and (points_number is null or not isfinite(points_number))
                then {'field': 'entered_points', 'code': 'bad_number', 'value': points_text} end,
            case when item_known and not votes_item and (points_number < 0 or points_number > full_points)
                then {'field': 'entered_points', 'code': 'above_max',
                      'value': points_text || '分（该项满分' || printf('%g', full_points) || '分）'} end,
        ], lambda problem: problem is not null) as problems,
    from parsed
),

with_winner as (
    -- the same unit, item and level given twice in the file: its last acceptable row wins
    select
        checked.*,
        max(case when len(problems) = 0 then source_row end)
            over (partition by title, period_start, period_end, unit, item, level) as winning_row,
    from checked
)

select
    source_row,
    title,
    period_start,
    period_end,
    unit,
    item,
    case when votes_item then level end as level,
    case when not votes_item then points_number end as points,
    case when votes_item then try_cast(votes_number as integer) end as votes,
    $source_file as source_file,
    case
        when len(problems) = 0 and winning_row <> source_row
            then [{'field': 'assessed_unit', 'code': 'repeated_entry', 'value': cast(winning_row as varchar)}]
        else problems
    end as problems,
from with_winner
