-- A browser signed out. Parameters: :token_hash.
delete from sessions where token_hash = :token_hash
