-- The latest audit rows, newest first. Parameters: :limit.
select id, at, actor, action, detail, rows
from audit
order by id desc
limit :limit
