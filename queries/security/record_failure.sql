-- One more failed sign-in; the account locks until :locked_until once it reaches :limit failures.
-- Parameters: :name, :limit, :locked_until.
update accounts
set failures = failures + 1,
    locked_until = case when failures + 1 >= :limit then :locked_until else locked_until end
where name = :name
