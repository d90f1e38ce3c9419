-- The latest receipt date in the database (null when empty): the default end of the reporting period.
select max(received_date) as last_day from cases
