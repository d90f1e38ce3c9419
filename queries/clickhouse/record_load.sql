-- A finished load: from now on readers may open its database. Native ClickHouse.
-- Parameters: database, snapshot, cases.
insert into loads
select {database:String}, {snapshot:String}, now64(3, 'UTC'), {cases:Int64}
