-- How many rows the database holds from imports of any kind (cases and survey answers).
select
    (select count(*) from cases) + (select count(*) from survey_responses) as rows_imported
