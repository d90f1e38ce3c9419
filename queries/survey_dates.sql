-- The surveys held, with their dates: where to look when a period has none.
select
    survey_name,
    min(survey_date) as survey_date,
from survey_responses
group by survey_name
order by survey_date desc
