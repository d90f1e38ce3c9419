-- Disable or enable an account. Parameters: :name, :disabled (0 or 1), :now.
update accounts
set disabled = :disabled, changed_at = :now
where name = :name
