-- Rebuilds service_consultation_months from `counted_consultations`: the rows of
-- service/consultation_counts over every stored day, which minyi.ingest.pipeline registers before
-- running this (one rule for counting a month once, in that query). Runs inside the import's
-- transaction.
delete from service_consultation_months;
insert into service_consultation_months by name
select month, centre, township, visits,
from counted_consultations
