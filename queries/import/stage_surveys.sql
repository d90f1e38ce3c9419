-- One row per data row of one survey export: typed fields, a stable response key and the list
-- of problems (field, code, value) that keep it out of `survey_responses`.
-- Reads: raw_rows (every field as text, plus source_row), dimension_aliases.
-- Parameters: $source_file, $default_survey_name, $default_survey_date (null, or the mapping's date
-- for exports without a date column), $now, $earliest, $empty_values, $survey_day_first and
-- $survey_format (see read_timestamp).
create or replace temp table staged_surveys as
with
raw as (
    select * from raw_rows
),

cleaned as (
    select
        source_row,
        coalesce(clean_cell(survey_name, $empty_values), $default_survey_name) as survey_name,
        coalesce(clean_cell(survey_date, $empty_values), $default_survey_date) as date_text,
        spelling_key(clean_cell(township, $empty_values)) as township_text,
        spelling_key(clean_cell(department, $empty_values)) as department_text,
        clean_cell(respondent_group, $empty_values) as respondent_group,
        nullif(trim(item), '') as item,
        nullif(regexp_replace(answer, '\s+', '', 'g'), '') as answer,  -- 无 is an answer here
        nullif(trim(score), '') as score_text,
        nullif(trim(votes), '') as votes_text,
        nullif(trim(response_id), '') as response_id,
    from raw
),

parsed as (
    select
        cleaned.*,
        cast(read_timestamp(date_text, $survey_day_first, $survey_format) as date) as survey_date,
        try_cast(score_text as double) as score,
        case
            when votes_text is null then 1
            when regexp_full_match(votes_text, '\d+(\.0+)?') then try_cast(try_cast(votes_text as double) as integer)
        end as votes,
        township_alias.name as township,
        department_alias.name as department,
    from cleaned
    left join dimension_aliases as township_alias
        on township_alias.dimension = 'township' and township_alias.alias = cleaned.township_text
    left join dimension_aliases as department_alias
        on department_alias.dimension = 'department' and department_alias.alias = cleaned.department_text
),

checked as (
    select
        parsed.*,
        list_filter([
            case when date_text is null then {'field': 'survey_date', 'code': 'missing', 'value': null} end,
            case when date_text is not null and survey_date is null
                then {'field': 'survey_date', 'code': 'bad_date', 'value': date_text} end,
            case when survey_date > cast($now as date)
                then {'field': 'survey_date', 'code': 'future', 'value': date_text} end,
            case when survey_date < cast($earliest as date)
                then {'field': 'survey_date', 'code': 'too_early', 'value': date_text} end,
            case when answer is null and score_text is null
                then {'field': 'answer', 'code': 'missing', 'value': null} end,
            case when score_text is not null and score is null
                then {'field': 'score', 'code': 'bad_number', 'value': score_text} end,
            case when votes is null
                then {'field': 'votes', 'code': 'bad_count', 'value': votes_text} end,
        ], lambda problem: problem is not null) as problems,
    from parsed
),

keyed as (
    select
        checked.*,
        row_number() over (
            partition by survey_name, survey_date, township_text, department_text, respondent_group, item, answer,
                response_id
            order by source_row
        ) as occurrence,
        row_number() over (partition by survey_name, response_id, item order by source_row) as id_occurrence,
    from checked
)

select
    source_row,
    -- a numbered questionnaire is keyed by its number and item, so a corrected answer updates it;
    -- aggregated rows by everything that identifies them as written (so a later alias that renames
    -- the township does not make them new rows), plus their order among identical rows
    md5(case
        when response_id is not null then concat_ws('|', survey_name, response_id, coalesce(item, ''), id_occurrence)
        else concat_ws('|', survey_name, survey_date, coalesce(township_text, ''), coalesce(department_text, ''),
            coalesce(respondent_group, ''), coalesce(item, ''), coalesce(answer, ''), occurrence)
    end) as response_key,
    survey_name,
    survey_date,
    township,
    department,
    respondent_group,
    item,
    answer,
    score,
    votes,
    $source_file as source_file,
    problems,
from keyed
