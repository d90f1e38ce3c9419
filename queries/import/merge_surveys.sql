-- One row per accepted staged survey row and whether it is new, updated (other answer, votes or score)
-- or unchanged against the stored row with the same response key.
-- Reads staged_surveys, survey_responses. Parameters: $import_id.
create or replace temp table pending_changes as
with
accepted as (
    select * exclude (problems) from staged_surveys where len(problems) = 0
),

stored as (
    select response_key, answer, score, votes from survey_responses
)

select
    accepted.*,
    $import_id as import_id,
    case
        when stored.response_key is null then 'new'
        when accepted.votes = stored.votes
            and accepted.score is not distinct from stored.score
            and accepted.answer is not distinct from stored.answer
            then 'unchanged'
        else 'updated'
    end as change,
from accepted
left join stored
    on stored.response_key = accepted.response_key
