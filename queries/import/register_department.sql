-- Registers $department as a known department if it is not one yet (from a mapping file's aliases).
insert or ignore into departments select $department
