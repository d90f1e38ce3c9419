-- One audit row. Parameters: :at, :actor, :action, :detail, :rows.
insert into audit (at, actor, action, detail, rows)
values (:at, :actor, :action, :detail, :rows)
