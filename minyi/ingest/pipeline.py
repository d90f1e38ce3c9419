"""One import run: read exports, validate, upsert, quarantine what is rejected, and reconcile.

Everything happens inside one transaction on the caller's connection, so a structural error
in any file (unmappable columns, unreadable workbook) or an interruption leaves the database
as it was; with `skip_unreadable` such a file is reported and the others go in. The report
always reconciles: rows read = new + updated + unchanged + rejected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from minyi import config, db, parts, workdays
from minyi.ingest import date_order, derived
from minyi.ingest.fields import VALUE_ALIASES
from minyi.ingest.mapping import ExportError, Mapping
from minyi.ingest.plans import Plan, field_table, plan_file
from minyi.ingest.quarantine import write_quarantine
from minyi.ingest.rejections import rejected_rows
from minyi.ingest.reports import FileReport, ImportReport

EARLIEST = dt.datetime(1990, 1, 1)
# The date fields' names in the staging SQL's parameters ($received_day_first, $received_format, ...).
DATE_PARAMETER_NAMES = {"received_at": "received", "closed_at": "closed", "deadline": "deadline",
                        "survey_date": "survey", "found_at": "found", "reported_at": "reported",
                        "registered_at": "registered", "dispatched_at": "dispatched", "disposed_at": "disposed",
                        "rectified_at": "rectified", "day": "day"}
# The date fields of each kind of export, whose day/month order date_order decides.
DATE_FIELDS = {"cases": ("received_at", "closed_at", "deadline"), "survey": ("survey_date",),
               "grid": ("found_at", "reported_at", "registered_at", "dispatched_at", "deadline", "disposed_at",
                        "closed_at"),
               "service": ("received_at", "deadline", "closed_at", "rectified_at"), "consultation": ("day",),
               "catalogue": (), "assessment": ()}


def query_of(kind: str, step: str) -> str:
    """The import query of a step (merge, insert, rejected, ...) for a kind of table."""
    return {"cases": f"import/{step}_cases", "survey": f"import/{step}_surveys", "grid": f"grid/{step}_events",
            "service": f"service/{step}_items", "consultation": f"service/{step}_consultations",
            "catalogue": f"service/{step}_catalogue", "assessment": f"assessment/{step}_entries"}[kind]


@dataclass(frozen=True)
class DeadlineRules:
    """Deadline rules of the 统计口径 in force (see minyi.config for each setting's meaning)."""

    petition_days: int
    extension_days: int
    complaint_working_days: int
    holidays_file: Path
    petition_next_workday: bool = True

    @classmethod
    def from_config(cls) -> "DeadlineRules":
        return cls(
            int(config.PETITION_DAYS.number(minimum=1)),
            int(config.PETITION_EXTENSION_DAYS.number()),
            int(config.COMPLAINT_WORKING_DAYS.number(minimum=1)),
            Path(config.HOLIDAYS_FILE.value()),
            config.PETITION_NEXT_WORKDAY.choice(("0", "1")) == "1",
        )


@dataclass(frozen=True)
class Run:
    """What every table of one import run shares."""

    con: duckdb.DuckDBPyConnection
    import_id: int
    now: dt.datetime
    rules: DeadlineRules
    mapping: Mapping
    limited_to: tuple[str, str] | None = None  # ("township", "回隆乡"): the only unit whose rows are accepted
    assessment_rules: Path | None = None  # the 考核细则 a 考核手工评分表 is checked against (None: MINYI_ASSESSMENT_RULES)


def import_files(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    kind: str | None = None,
    source: str | None = None,
    mapping: Mapping | None = None,
    quarantine_dir: Path | None = None,
    now: dt.datetime | None = None,
    rules: DeadlineRules | None = None,
    skip_unreadable: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    max_rejected_share: float | None = None,
    limited_to: tuple[str, str] | None = None,
    assessment_rules: Path | None = None,
) -> ImportReport:
    """Import export files in one transaction; rejected rows go to `quarantine_dir` afterwards.

    `now` is the county's local time (default: now, in MINYI_TIMEZONE); later dates are rejected.
    `progress(done, total, file name)` is told before each file (the upload box's progress bar).
    `max_rejected_share` (default MINYI_MAX_REJECTED_SHARE) only decides what the report calls a
    failure: the accepted rows of a file with too many rejections are imported all the same.
    `limited_to` (dimension, unit), for an analyst whose account sees one township or department:
    rows of any other unit, or updating another unit's stored case, are rejected (out_of_scope).
    `assessment_rules`: the 考核细则 a 考核手工评分表 is checked against (default MINYI_ASSESSMENT_RULES).
    """
    mapping = mapping or Mapping()
    rules = rules or DeadlineRules.from_config()
    if max_rejected_share is None:
        max_rejected_share = config.MAX_REJECTED_SHARE.number()
        if max_rejected_share > 1:
            raise config.SettingError(f"设置 {config.MAX_REJECTED_SHARE.name} 应在 0 到 1 之间（现为 {max_rejected_share:g}）")
    started = config.local_now()
    with db.transaction(con):
        run = Run(con, int(db.run(con, "import/next_import_id")["import_id"].iloc[0]),
                  now or config.local_now(), rules, mapping, limited_to, assessment_rules)
        every_month = not derived.case_tables_current(con)  # an older version's derived tables are rebuilt whole
        _prepare_session(run)
        every_month = derived.upgrade_cases(con) or every_month  # so are those of cases whose known flags it infers
        report = ImportReport(run.import_id, [], [], [], max_rejected_share=max_rejected_share)
        for done, path in enumerate(paths):
            if progress is not None:
                progress(done, len(paths), Path(path).name)
            try:
                plans = plan_file(Path(path), kind, source, mapping, report.warnings)
            except ExportError as error:
                if not skip_unreadable:
                    raise
                report.skipped.append(str(error))
                continue
            for plan in plans:
                file_report, rows = load_table(run, plan, report.warnings)
                report.files.append(file_report)
                report.rejected.append(rows)
        if quarantine_dir is not None and any(rows.count for rows in report.rejected):
            report.quarantine_dir = Path(quarantine_dir).absolute() / f"{started:%Y%m%dT%H%M%S}-import-{run.import_id}"
        if every_month:
            derived.refresh_case_facts(con)
        elif int(db.run(con, "import/touched_months")["months"].iloc[0]):
            derived.refresh_touched_case_months(con)
        derived.check_case_tables(con)
        stale = set(db.run(con, "stale_rollups")["records"])  # e.g. a database from before the rollups
        for records in derived.ROLLUPS:
            if records in stale or any(file.kind == records for file in report.files):
                derived.refresh_rollups(con, records)
        _record(con, report, kind or mapping.kind or "auto", started)
    if report.quarantine_dir is not None:
        write_quarantine(report.quarantine_dir, report.rejected)
    return report


def _prepare_session(run: Run) -> None:
    """Macros, value spellings and the mapping file's aliases, for this connection's import."""
    db.execute(run.con, "ddl/create_macros")
    db.execute(run.con, "ddl/derived_rows")
    db.execute(run.con, "import/forget_touched_months")  # an earlier import's, on the same connection
    parts.create_views(run.con, parts.attach(run.con), reader=False)  # history_cases: import/pull_history_months
    spellings = [
        (field_name, spelling.lower(), canonical)
        for field_name, table in VALUE_ALIASES.items()
        for spelling, canonical in {**table, **run.mapping.values.get(field_name, {})}.items()
    ]
    for field_name in ("is_repeat", "extended"):
        spellings += [("flag", s.lower(), c) for s, c in run.mapping.values.get(field_name, {}).items()]
    frame = pd.DataFrame(spellings, columns=["field", "raw", "canonical"]).drop_duplicates(["field", "raw"], keep="last")
    with db.register(run.con, "value_alias_frame", frame):
        db.execute(run.con, "import/create_value_aliases")
    for dimension, aliases in (("township", run.mapping.township_aliases),
                               ("department", run.mapping.department_aliases)):
        for alias, target in aliases.items():
            canonical = db.run(run.con, "import/resolve_member", dimension=dimension, name=target)["name"].iloc[0]
            db.execute(run.con, "import/register_dimension_member", dimension=dimension, name=canonical)
            for statement in ("set_dimension_alias", "repoint_dimension_aliases", "name_renamed_member"):
                db.execute(run.con, f"import/{statement}", dimension=dimension, alias=alias, name=canonical)
            db.execute(run.con, "import/touch_renamed_months")  # only the months holding the old name
            db.execute(run.con, "import/pull_months")
            for statement in ("rename_member_in_cases", "rename_member_in_surveys", "drop_renamed_member"):
                db.execute(run.con, f"import/{statement}", dimension=dimension, alias=alias, name=canonical)


def load_table(run: Run, plan: Plan, warnings: list[str]):
    """Stage, check and upsert one export table; returns its report and its rejected rows."""
    table, blank, footers, malformed = field_table(plan)
    con, raw = run.con, replace(plan.raw, malformed=malformed)
    report = FileReport(raw.label, plan.kind, plan.source, blank_rows=blank, footer_rows=tuple(map(str, footers)),
                        personal_columns=plan.columns.personal, unused_columns=plan.columns.unused)
    common = {"source_file": raw.label, "now": run.now, "earliest": EARLIEST,
              "empty_values": sorted(plan.empty_values)}
    with db.register(con, "raw_rows", table):
        # a new township or department spelling becomes an alias of a known member, or a new member;
        # not a new member from an account limited to one unit (its rows naming one are out of scope)
        for dimension in ("township", "department"):
            db.execute(con, "import/unknown_spellings", dimension=dimension, empty_values=common["empty_values"])
            for statement in ("add_dimension_members", "add_dimension_aliases")[run.limited_to is not None:]:
                db.execute(con, f"import/{statement}", dimension=dimension)
        dates = date_order.decide(con, table, DATE_FIELDS[plan.kind], run.mapping.formats,
                                  plan.columns.field_headers, raw.label, warnings)
        date_params = dates.parameters(DATE_FIELDS[plan.kind], DATE_PARAMETER_NAMES)
        if plan.kind == "grid":
            db.execute(con, "grid/stage_events", **date_params, **common)
            db.execute(con, "grid/resolve_places")  # 网格编码 and village spellings, by the hierarchy learnt
        elif plan.kind == "service":  # 承诺时限 in working days, counted on the holiday calendar
            _ensure_calendar(run, common["empty_values"], date_params)
            db.execute(con, "service/stage_items", closure_known="closed_at" in plan.columns.field_headers,
                       **date_params, **common)
        elif plan.kind == "consultation":
            db.execute(con, "service/stage_consultations", **date_params, **common)
        elif plan.kind == "catalogue":
            db.execute(con, "service/stage_catalogue", source_file=raw.label, now=run.now,
                       empty_values=common["empty_values"])
        elif plan.kind == "assessment":
            _stage_assessment_entries(run, table, raw.label, common["empty_values"])
        elif plan.kind == "cases":
            _ensure_calendar(run, common["empty_values"], date_params)
            rules = run.rules
            db.execute(con, "import/stage_cases", source=plan.source, petition_days=rules.petition_days,
                       extension_days=rules.extension_days, complaint_working_days=rules.complaint_working_days,
                       petition_next_workday=rules.petition_next_workday,
                       closure_known="closed_at" in plan.columns.field_headers,
                       repeat_known="is_repeat" in plan.columns.field_headers, **date_params, **common)
            db.execute(con, "import/pull_history_months")  # the months of history parts these cases touch
            db.execute(con, "import/pull_months")
        else:
            db.execute(con, "import/stage_surveys", default_survey_name=run.mapping.survey_name or raw.file.stem,
                       default_survey_date=run.mapping.survey_date,
                       **date_params, **common)
    if run.limited_to is not None:
        dimension, unit = run.limited_to
        db.execute(con, query_of(plan.kind, "reject_out_of_scope"), dimension=dimension, unit=unit)
    db.execute(con, query_of(plan.kind, "merge"), import_id=run.import_id)
    if plan.kind == "cases":
        db.execute(con, "import/touch_case_months")
    counts = dict(db.run(con, "import/count_changes").itertuples(index=False))
    if plan.kind == "catalogue":  # the file is its years' whole list: the matters it leaves out were cut
        for year, dropped in db.run(con, "service/dropped_catalogue_matters").itertuples(index=False):
            warnings.append(f"{raw.label}：{year}年的事项目录以本文件为准，原有的{dropped}项不在本文件中，已移除")
    db.execute(con, query_of(plan.kind, "delete_replaced"))
    db.execute(con, query_of(plan.kind, "insert"))
    if plan.kind == "cases":
        db.execute(con, "import/mark_known_cases")
        # which fields this source's exports carry: a rate needing one none of them had is 无数据
        db.execute(con, "import/record_source_fields", source=plan.source,
                   fields=sorted(plan.columns.field_headers), import_id=run.import_id)
    if plan.kind in ("cases", "service"):
        fallback_years = "import/fallback_deadline_years" if plan.kind == "cases" else "service/fallback_deadline_years"
        for year, records in db.run(con, fallback_years).itertuples(index=False):
            warnings.append(workdays.fallback_warning(int(year), run.rules.holidays_file, int(records)))
    if plan.kind == "grid" and run.limited_to is None:
        # its villages and grids join the hierarchy, with the spellings that find them; not from an
        # account limited to one unit, whose 网格编码 could re-point another township's grid
        db.execute(con, "grid/learn_places")
        db.execute(con, "grid/learn_place_aliases")
        db.execute(con, "grid/name_coded_grids")
    if plan.kind in ("grid", "service"):  # which rates its columns support (grid_metrics.NEEDS, service_metrics.NEEDS)
        db.execute(con, "import/record_source_fields", source=plan.kind, fields=sorted(plan.columns.field_headers),
                   import_id=run.import_id)
    problems = list(db.run(con, query_of(plan.kind, "rejected")).itertuples(index=False))
    rejected = rejected_rows(con, raw, plan.columns, problems, report)
    report.rows_new = counts.get("new", 0)
    report.rows_updated = counts.get("updated", 0)
    report.rows_unchanged = counts.get("unchanged", 0)
    report.rows_rejected = rejected.count
    report.rows_read = table.num_rows + len(raw.malformed)
    return report, rejected


def _stage_assessment_entries(run: Run, table, source_file: str, empty_values: list[str]) -> None:
    """Stage a 考核手工评分表 against the rule file: its items, vote levels, units and the periods
    its rows name (parsed here, as 2012年, 2012年1-6月, 2012年第三季度 or 2012H1) are registered
    for the staging query to check each row against."""
    from minyi.assessment import assess
    from minyi.assessment.rules import MANUAL, VOTES, RuleError

    try:
        rules = assess.load_rules(run.assessment_rules)
    except RuleError as error:
        raise ExportError(f"文件 {source_file}：无法按考核细则检查（{error}）") from error
    entered = [*rules.items_from(MANUAL), *rules.items_from(VOTES)]
    items = pd.DataFrame({"item": [item.name for item in entered], "votes_item": [item.source == VOTES for item in entered],
                          "full_points": [item.points for item in entered]})
    levels = pd.DataFrame([(item.name, level) for item in entered for level, _ in item.votes], columns=["item", "level"])
    listed = [team.name for team in rules.teams] if rules.units == "team" else list(rules.only)
    texts = {text for text in table.column("assessment_period").to_pylist() if text}
    period_rows = [(text, *_period_of(text)) for text in sorted(texts)]
    frames = {"assessment_rule_items": items, "assessment_rule_levels": levels,
              "assessment_rule_units": pd.DataFrame({"unit": pd.Series(listed, dtype=object)}),
              "assessment_period_texts": pd.DataFrame(period_rows, columns=["period_text", "period_start", "period_end"])}
    for name, frame in frames.items():
        run.con.register(name, frame)
    try:
        db.execute(run.con, "assessment/stage_entries", title=rules.title, source_file=source_file,
                   unit_dimension=None if rules.units == "team" or listed else rules.units, empty_values=empty_values)
    finally:
        for name in frames:
            run.con.unregister(name)


def _period_of(text: str) -> tuple[dt.date | None, dt.date | None]:
    from minyi.periods import assessment_period

    try:
        period = assessment_period(str(text).strip())
    except ValueError:
        return None, None
    return period.start, period.end


def _ensure_calendar(run: Run, empty_values: list[str], date_params: dict[str, object]) -> None:
    """Make calendar_days cover every plausible receipt date in raw_rows plus the longest deadline."""
    span = db.run(run.con, "import/received_span", empty_values=empty_values,
                  received_day_first=date_params["received_day_first"],
                  received_format=date_params["received_format"]).iloc[0]
    if pd.isna(span["first_day"]):
        return
    first = max(pd.Timestamp(span["first_day"]).date(), EARLIEST.date()) - dt.timedelta(days=40)
    last = min(pd.Timestamp(span["last_day"]).date(), run.now.date())
    if last < first:
        return
    # room for the longest deadline an export may state in working days ("250个工作日"); the
    # calendar stays one unbroken span, since deadlines count workdays along it
    last += dt.timedelta(days=max(run.rules.complaint_working_days * 3, 450))
    stored = db.run(run.con, "import/calendar_span").iloc[0]
    if not pd.isna(stored["first_day"]):
        first = min(first, pd.Timestamp(stored["first_day"]).date())
        last = max(last, pd.Timestamp(stored["last_day"]).date())
    frame, _ = workdays.calendar_days(first, last, run.rules.holidays_file)
    with db.register(run.con, "new_calendar_days", frame):
        db.execute(run.con, "import/upsert_calendar_days")


def _record(con: duckdb.DuckDBPyConnection, report: ImportReport, kind: str, started: dt.datetime) -> None:
    db.execute(
        con,
        "import/record_import",
        import_id=report.import_id,
        started_at=started,
        finished_at=config.local_now(),
        kind=kind,
        files=[f.file for f in report.files],
        rows_read=report.total("rows_read"),
        rows_new=report.total("rows_new"),
        rows_updated=report.total("rows_updated"),
        rows_unchanged=report.total("rows_unchanged"),
        rows_rejected=report.total("rows_rejected"),
        quarantine_file=str(report.quarantine_dir) if report.quarantine_dir else None,
    )
