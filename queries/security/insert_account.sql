-- A new account. Parameters: :name, :password_hash, :scope_kind, :unit, :analyst, :admin, :now.
insert into accounts (name, password_hash, scope_kind, unit, analyst, admin, created_at, changed_at)
values (:name, :password_hash, :scope_kind, :unit, :analyst, :admin, :now, :now)
