-- A browser signed in. Parameters: :token_hash, :name, :created_at, :expires_at.
insert into sessions (token_hash, name, created_at, expires_at)
values (:token_hash, :name, :created_at, :expires_at)
