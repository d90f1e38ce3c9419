-- Every account, by name, without its password hash.
select name, scope_kind, unit, analyst, admin, disabled, failures, locked_until, created_at, changed_at
from accounts
order by name
