-- The Minyi data model. Run by minyi.db.connect on every new database; idempotent.
-- Grain of each table is stated above it. Personal data (names, phone and ID numbers)
-- has no column here on purpose: the importer drops it before anything is written.

-- One row per key/value fact about this database (dataset kind, county name, schema version).
create table if not exists meta (
    key varchar primary key,
    value varchar,
);

-- One row per run of the importer or the demo generator.
create table if not exists imports (
    import_id integer primary key,
    started_at timestamp,
    finished_at timestamp,
    kind varchar,              -- cases | survey | demo
    files varchar[],
    rows_read bigint,
    rows_new bigint,
    rows_updated bigint,
    rows_unchanged bigint,
    rows_rejected bigint,
    quarantine_file varchar,
);

-- One row per member of a place or organisation dimension: townships (乡镇/街道), departments
-- (承办单位), and the grid hierarchy below townships: villages (村/社区, named 乡镇/村) and grids (网格,
-- named 乡镇/村/网格, the village part empty when exports give none), `parent` the member one level up.
create table if not exists dimension_members (
    dimension varchar not null,  -- township | department | village | grid
    name varchar not null,
    kind varchar,                -- townships: 镇 | 乡 | 街道 | 其他
    parent varchar,
    primary key (dimension, name),
);

-- One row per spelling seen in exports, mapped to its member: "新棉" and "新棉镇" are one township;
-- a village's and a grid's spellings are keyed within their township (乡镇/village_key, 乡镇/村/网格),
-- a grid's 网格编码 as code:编码.
create table if not exists dimension_aliases (
    dimension varchar not null,
    alias varchar not null,
    name varchar not null,
    primary key (dimension, alias),
);

create or replace view townships as
select name as township, kind from dimension_members where dimension = 'township';

create or replace view departments as
select name as department from dimension_members where dimension = 'department';

-- One row per calendar day the deadline rules have needed, with where its status came from.
create table if not exists calendar_days (
    day date primary key,
    is_workday boolean,
    basis varchar,             -- official | holidays_file | weekend_fallback
);

-- One row per petition or complaint, unique on (source, case_id).
create table if not exists cases (
    source varchar not null,   -- petition | complaint
    case_id varchar not null,
    channel varchar,
    received_at timestamp not null,
    received_date date not null,
    township varchar,
    village varchar,
    department varchar,
    category varchar,
    deadline date,
    deadline_basis varchar,    -- export | rule | rule_weekend_fallback
    extended boolean,
    closed_at timestamp,
    satisfaction varchar,      -- 满意 | 基本满意 | 不满意 | 逾期未评价 | 未回访
    is_repeat boolean,
    summary varchar,
    closure_known boolean,     -- an export that carried this case had a 办结时间 column
    repeat_known boolean,      -- an export that carried this case had a 重复件 column
    source_file varchar,
    source_row integer,
    import_id integer,
);

-- One row per survey answer, or per answer option with its vote count (votes = 1 for single answers).
create table if not exists survey_responses (
    response_key varchar not null,  -- stable hash of the natural key, for idempotent re-import
    survey_name varchar not null,
    survey_date date not null,
    township varchar,
    department varchar,
    respondent_group varchar,
    item varchar,
    answer varchar,            -- 满意 | 基本满意 | 不满意 | 非常满意 | 非常不满意 | other scale labels
    score double,
    votes integer not null,
    source_file varchar,
    source_row integer,
    import_id integer,
);

-- One row per grid event (网格化服务管理, 数字城管), unique on event_id: found or reported in a
-- grid, registered (立案) unless voided, dispatched, disposed and closed against one deadline.
-- event_at is its date for every count: reported, else found, else registered.
create table if not exists grid_events (
    event_id varchar not null,
    township varchar,
    village varchar,
    grid varchar,              -- its name (or its code, when no export named it)
    grid_code varchar,         -- 网格编码, where an export gave one
    department varchar,        -- the department disposing of it (处置部门), where the export says
    event_source varchar,      -- 网格员巡查发现 | 群众上报 | 部门推送 | 12345转办 | as written
    found_by_staff boolean,    -- found by grid or patrol staff (the numerator of 发现率)
    category varchar,
    event_at timestamp not null,
    found_at timestamp,
    reported_at timestamp,
    registered_at timestamp,
    dispatched_at timestamp,
    deadline timestamp,        -- 处置时限: stated, or a duration counted from dispatch (else report)
    disposed_at timestamp,
    closed_at timestamp,
    status varchar,
    registered boolean,        -- false when the status says 作废 / 不予立案
    satisfaction varchar,      -- 满意 | 基本满意 | 不满意 | 逾期未评价 | 未回访
    summary varchar,           -- personal data masked, as cases' summaries
    source_file varchar,
    source_row integer,
    import_id integer,
);

alter table grid_events add column if not exists grid_code varchar;  -- a database from before 网格编码

-- One row per 办件 of the 政务服务 / 便民服务 system, unique on item_id: a matter (事项) applied for
-- at a centre or window on one level (县级, 乡镇级, 村级), received, due by its 承诺时限 (working days
-- on the holiday calendar, or a stated date) and finished, and its 好差评 with any 整改 of a 差评.
create table if not exists service_items (
    item_id varchar not null,
    matter_name varchar,
    matter_type varchar,       -- 行政许可 | 公共服务 | ... as written
    service_level varchar,     -- 县级 | 乡镇级 | 村级 | as written
    centre varchar,            -- 服务中心 or 窗口, as written
    township varchar,
    department varchar,
    service_mode varchar,      -- 窗口 | 网办 | 自助 | 代办 | as written
    online boolean,            -- applied for online (网办率's numerator)
    received_at timestamp not null,
    deadline date,             -- the last day of the 承诺时限 (null: the export gave none)
    closed_at timestamp,
    closure_known boolean,     -- its export had a 办结时间 column (else an empty one is not "open")
    satisfaction varchar,      -- 满意 | 基本满意 | 不满意 (差评) | 逾期未评价 | 未回访 (not rated)
    rectified boolean,         -- a 差评 put right (null: the export does not say)
    source_file varchar,
    source_row integer,
    import_id integer,
);

alter table service_items add column if not exists closure_known boolean;  -- from before closure_known

-- 咨询人次 of the service centres, as reported: one row per centre (null: the whole county) and day,
-- or per centre and month (by_month, day = its first day). A later import of the same centre and
-- day (or month) replaces the count.
create table if not exists service_consultations (
    day date not null,
    by_month boolean not null,
    centre varchar,
    service_level varchar,
    township varchar,
    visits integer not null,
    source_file varchar,
    source_row integer,
    import_id integer,
);

-- The 事项目录 of each year: the matters (事项) a level may handle, one row per year, level and
-- matter. A catalogue file is the whole list of the years it holds: importing it replaces them.
create table if not exists service_catalogue (
    year integer not null,
    service_level varchar,
    matter_code varchar,
    matter_name varchar not null,
    matter_type varchar,
    department varchar,
    source_file varchar,
    source_row integer,
    import_id integer,
);

-- 考核 items entered by hand (宣传报道, 出勤到位, ...) and 民意测评 votes, as read back from the
-- 考核手工评分表 Minyi generates: one row per rule file (its title), period, unit, item and vote
-- level (null: an item of points). A later import of the same key replaces the value.
create table if not exists assessment_entries (
    title varchar not null,
    period_start date not null,
    period_end date not null,
    unit varchar not null,
    item varchar not null,
    level varchar,
    points double,
    votes integer,
    source_file varchar,
    source_row integer,
    import_id integer,
);

-- One row per source and Minyi field that an import of that source carried a column for
-- (written by every import from its column plan). A rate needing a field no export of a source
-- carried is 无数据 for that source, never 0% (minyi.coverage).
create table if not exists source_fields (
    source varchar not null,   -- petition | complaint
    field varchar not null,    -- closed_at, satisfaction, is_repeat, township, ...
    first_import_id integer,
    primary key (source, field),
);

-- Derived from `cases` at the end of every import that changes cases (never edited directly):
-- the narrow, date-sorted copy the dashboard's aggregates scan. Closure date, on-time flag and
-- handling days are computed once here instead of on every query.
create table if not exists case_facts (
    source varchar,
    received_date date,
    township varchar,
    department varchar,
    category varchar,
    channel varchar,
    deadline date,
    closed_date date,
    deadline_stated boolean,   -- the export stated the deadline (deadline_basis export…), not a rule
    closed_on_time boolean,    -- closed on or before the deadline (null while open)
    handling_days integer,     -- calendar days from receipt to closure (null while open)
    satisfaction varchar,
    is_repeat boolean,
    closure_known boolean,     -- as in cases: closure counts and rates count only these
    repeat_known boolean,      -- as in cases: the 重复件 share counts only these
);

-- Derived like case_facts: every case that was ever open past its deadline (closed late, or still
-- open). Only these can be in an overdue backlog at any period end, so backlog questions read
-- this small table instead of all cases.
create table if not exists late_cases (
    case_id varchar,
    source varchar,
    received_at timestamp,
    received_date date,
    township varchar,
    department varchar,
    category varchar,
    deadline date,
    deadline_stated boolean,
    closed_at timestamp,
    closed_date date,
    summary varchar,
    closure_known boolean,     -- a case whose exports had no closure column is never overdue
);

-- Derived like case_facts: cases received per month and per source, township, department,
-- category and channel. Counts over whole months read this instead of every case.
create table if not exists case_months (
    month timestamp,           -- start of the month of receipt (date_trunc's type, as refreshes write it)
    source varchar,
    township varchar,
    department varchar,
    category varchar,
    channel varchar,
    received bigint,
);

-- Derived from case_facts likewise (queries/import/refresh_case_steps.sql): per month of receipt
-- and cell, the cases received and, per month of closure, those closed, so a whole-month period's
-- counts as things stood at a month's end are a sum (queries/case_cells_whole_months.sql).
create table if not exists case_steps (
    month date,                -- first day of the month of receipt
    source varchar,
    township varchar,
    department varchar,
    category varchar,
    satisfaction varchar,      -- null on rows of closure
    deadline_stated boolean,
    closure_known boolean,
    repeat_known boolean,
    step_month date,           -- month: the row of receipt; later (or the same): closures then
    received bigint,
    repeat_cases bigint,
    with_channel bigint,
    first_day date,
    closed bigint,
    closed_on_time bigint,
);

-- Derived from grid_events on every grid import (queries/import/refresh_grid_event_*.sql), so the
-- 网格 page reads rollups instead of every event: the days on which each month's and place's
-- events were disposed, closed or fell due (grid_event_step_days), those summed per month with
-- what is known once an event is reported (grid_event_steps), and the events per day for the
-- sidebar (grid_event_days). Their comments say how the counts add up.
create table if not exists grid_event_step_days (
    month date,                -- first day of the month of report
    township varchar,
    village varchar,
    grid varchar,
    department varchar,
    step_day date,
    disposed bigint,
    disposed_on_time bigint,
    closed bigint,
    closed_on_time bigint,
    due bigint,                -- whose deadline fell on step_day
    due_disposed bigint,       -- disposed and past the deadline, the later of the two on step_day
    due_closed bigint,
);

create table if not exists grid_event_steps (
    month date,
    township varchar,
    village varchar,
    grid varchar,
    department varchar,
    step_month date,           -- = month on the rows of reports; the month of the steps otherwise
    event_source varchar,
    report_delay_hours integer,
    events bigint,
    registered bigint,
    found_by_staff bigint,
    report_timed bigint,
    deadline_known bigint,
    satisfied bigint,
    basically_satisfied bigint,
    unsatisfied bigint,
    overdue_unrated bigint,
    disposed bigint,
    disposed_on_time bigint,
    closed bigint,
    closed_on_time bigint,
    due bigint,
    due_disposed bigint,
    due_closed bigint,
);

create table if not exists grid_event_days (
    day date,
    records bigint,
    closures bigint,
);

-- Derived from service_items on every 办件 import (queries/import/refresh_service_item_*.sql), as
-- the grid events' rollups are: service_item_step_days, service_item_steps, service_item_days.
create table if not exists service_item_step_days (
    month date,                -- first day of the month of receipt
    service_level varchar,
    centre varchar,
    township varchar,
    department varchar,
    matter_name varchar,
    step_day date,
    closed bigint,
    timed_closed bigint,
    closed_on_time bigint,
    due bigint,                -- the day after the last day of the 承诺时限 was step_day
    due_closed bigint,
);

create table if not exists service_item_steps (
    month date,
    service_level varchar,
    centre varchar,
    township varchar,
    department varchar,
    matter_name varchar,
    step_month date,
    items bigint,
    closure_items bigint,
    mode_known bigint,
    online bigint,
    satisfied bigint,
    basically_satisfied bigint,
    unsatisfied bigint,
    overdue_unrated bigint,
    rectified bigint,
    closed bigint,
    timed_closed bigint,
    closed_on_time bigint,
    due bigint,
    due_closed bigint,
);

create table if not exists service_item_days (
    day date,
    records bigint,
    closures bigint,
);

-- Derived from service_consultations on every 咨询人次 import: per month, centre (（未填写）: the whole
-- county) and township, the 咨询人次 counted once (queries/service/consultation_counts.sql over every
-- stored day), which periods of whole months add up.
create table if not exists service_consultation_months (
    month date,
    centre varchar,
    township varchar,
    visits bigint,
);

-- History parts (minyi.parts): files holding the tables derived from cases, and the cases, of
-- settled months, written once and attached read-only. A month is owned by one place: the part
-- case_parts names for it, or else this file. An import that touches a part's month copies the
-- month back here (it then owns it); the part's stale copy is never read again.
create table if not exists history_parts (
    part varchar not null,     -- the name the part is attached under
    file varchar not null,     -- its file, in the database's snapshot folder
);

create table if not exists case_parts (
    month date not null,       -- first day of a month of receipt
    part varchar not null,
);
