-- Records on stored cases that the current import carried their closure or repeat column, where
-- nothing else about them changed (merge_cases counts those unchanged, so insert_cases skips them).
-- Reads pending_changes.
update cases
set
    closure_known = pending_changes.closure_known,
    repeat_known = pending_changes.repeat_known,
from pending_changes
where pending_changes.change = 'unchanged'
    and cases.source = pending_changes.source
    and cases.case_id = pending_changes.case_id
    and (
        cases.closure_known is distinct from pending_changes.closure_known
        or cases.repeat_known is distinct from pending_changes.repeat_known
    )
