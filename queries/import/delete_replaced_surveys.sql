-- Removes the stored versions of survey rows that the current import updates. Reads pending_changes.
delete from survey_responses
using pending_changes
where pending_changes.change = 'updated'
    and survey_responses.response_key = pending_changes.response_key
