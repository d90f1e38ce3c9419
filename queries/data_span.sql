-- First and last receipt dates in the database (nulls when it is empty): the periods one can pick.
select
    min(received_date) as first_day,
    max(received_date) as last_day,
from cases
