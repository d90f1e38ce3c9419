-- Drop a loaded database (a half load left by a crash, or one no reader needs any more).
-- Native ClickHouse. Parameters: database.
drop database if exists {database:Identifier}
