-- Every browser of an account signed out (a new password, a disabled account), and sessions that
-- have expired. Parameters: :name, :now.
delete from sessions where name = :name or expires_at <= :now
