-- Votes per survey, township, department, item and answer, for surveys dated within the period.
-- Surveys have no source or category, so only the place filters apply.
-- Parameters: $start, $end, $township, $department.
select
    survey_name,
    coalesce(township, '（未填写）') as township,
    coalesce(department, '（未填写）') as department,
    coalesce(item, '总体评价') as item,
    answer,
    sum(votes) as votes,
from survey_responses
where survey_date between $start and $end
    and ($township is null or township = $township)
    and ($department is null or department = $department)
group by all
order by survey_name, township, item, answer
