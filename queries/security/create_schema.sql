-- The accounts and the audit trail: a small SQLite file beside the database, because the dashboard
-- writes to it (sign-ins, downloads) while the command line adds accounts and the importer
-- publishes DuckDB snapshots; SQLite lets several processes write one file in turn.
-- One row per account, one per signed-in browser (its cookie's hash); an audit row is never
-- changed or deleted (the triggers refuse it).
create table if not exists accounts (
    name text primary key,
    password_hash text,                -- argon2id; null for an account that signs in through the intranet's SSO only
    scope_kind text not null,          -- county, township, department, or none (an analyst or administrator only)
    unit text,                         -- the township or department of a township or department account
    analyst integer not null default 0,
    admin integer not null default 0,
    disabled integer not null default 0,
    failures integer not null default 0,
    locked_until text,                 -- ISO time; a locked account refuses even its right password until then
    created_at text not null,
    changed_at text not null
);
create table if not exists sessions (
    token_hash text primary key,       -- sha256 of the browser's cookie; the token itself is never stored
    name text not null,
    created_at text not null,
    expires_at text not null
);
create table if not exists audit (
    id integer primary key autoincrement,
    at text not null,
    actor text not null,
    action text not null,
    detail text not null,
    rows integer
);
create trigger if not exists audit_no_update before update on audit
begin
    select raise(abort, '审计记录不可修改');
end;
create trigger if not exists audit_no_delete before delete on audit
begin
    select raise(abort, '审计记录不可删除');
end;
