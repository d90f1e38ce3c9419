-- One row per survey with its date span, row count and total votes.
select
    survey_name,
    min(survey_date) as first_date,
    max(survey_date) as last_date,
    count(*) as rows_loaded,
    sum(votes)::bigint as votes,  -- an integer on both backends (DuckDB sums to HUGEINT, read as a float)
from survey_responses
group by survey_name
order by first_date desc, survey_name
