-- The account a browser's cookie signs in, while its session lasts and the account is enabled (no
-- row otherwise): one look-up per page run. Parameters: :token_hash, :now.
select a.name, a.scope_kind, a.unit, a.analyst, a.admin
from sessions as s
join accounts as a on a.name = s.name
where s.token_hash = :token_hash and s.expires_at > :now and a.disabled = 0
