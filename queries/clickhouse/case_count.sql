-- How many cases a store holds (minyi.backends reports it after copying). No parameters.
select count(*) as cases
from cases
