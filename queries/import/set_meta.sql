-- Sets one fact about the database (dataset kind, county name).
insert or replace into meta values ($key, $value)
