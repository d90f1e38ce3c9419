-- Forgets every history part: a new part holding all their months replaces them (minyi.parts.settle,
-- when one more part would make too many). No parameters.
delete from case_parts;

delete from history_parts;
