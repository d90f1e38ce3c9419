-- A new password (hash), which also unlocks the account and clears its failures. Parameters: :name, :password_hash, :now.
update accounts
set password_hash = :password_hash, failures = 0, locked_until = null, changed_at = :now
where name = :name
