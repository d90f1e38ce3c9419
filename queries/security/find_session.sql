-- The account a browser's cookie signs in, while its session lasts. Parameters: :token_hash, :now.
select name, created_at
from sessions
where token_hash = :token_hash and expires_at > :now
