-- One account by name (no row when there is none). Parameters: :name.
select name, password_hash, scope_kind, unit, analyst, admin, disabled, failures, locked_until
from accounts
where name = :name
