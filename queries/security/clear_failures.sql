-- A successful sign-in: no failures counted, no lock. Parameters: :name.
update accounts
set failures = 0, locked_until = null
where name = :name
