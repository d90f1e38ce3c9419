"""The numbers `python -m minyi metrics` prints (cases, grid events, 办件), as a table or as JSON,
computed by the same modules and queries as the dashboard's; and the view the command line's
dates and filters make (the briefing's too)."""

from __future__ import annotations

import argparse
import json
import math

import pandas as pd

from minyi import (config, coverage, formatting, grid_metrics, metrics, overview, periods, service_metrics,
                   service_totals)
from minyi.periods import KINDS, Period

DATA_KINDS = ("cases", "grid", "service")


def print_metrics(con, args: argparse.Namespace) -> int:
    """`metrics`: the numbers of cases (or, with --kind grid or service, grid events or 办件) of a
    period, as a table or as JSON."""
    data_kind = args.kind if args.kind in DATA_KINDS else "cases"
    args.kind = args.period_kind or (args.kind if args.kind in KINDS else None)  # the period's kind
    if data_kind == "grid":
        return _grid(con, args)
    if data_kind == "service":
        return _service(con, args)
    if args.by not in metrics.BY_CHOICES:
        raise ValueError(f"案件的 --by 应为 {'、'.join(metrics.BY_CHOICES)} 之一，而不是「{args.by}」")
    policy = metrics.Policy.from_config()
    view = view_of_arguments(con, args)
    scope, period = view.scope, view.scope.period
    table = metrics.headline(con, scope, by=args.by, policy=policy,
                             comparisons=("last_year", "previous") if view.compared else ())
    windows = scope.pop_windows() if view.compared else None
    fields = coverage.read(con, scope)
    unsupported, partial = overview.coverage_notes(con, scope, table[metrics.DEADLINE_COUNTS].sum(), policy)
    if args.format == "json":
        payload = {
            "period": {"from": str(period.start), "to": str(period.end), "label": period.label()},
            "comparison": view.comparison_note(),
            "kind": scope.period_kind,
            # 环比 (none for year and custom): of the period, or for ytd of its latest month (month_received*)
            "pop": None if windows is None else {
                "label": windows.label, "latest_month_only": windows.latest_month_only,
                "current": {"from": str(windows.current.start), "to": str(windows.current.end)},
                "previous": {"from": str(windows.previous.start), "to": str(windows.previous.end)}},
            "source": args.source or "all",
            "by": args.by,
            "policy": policy.describe(),
            "unsupported": unsupported,  # number -> why it is null (无数据)
            "partial": partial,          # number -> the sources or cases it covers
            "breakdown_unsupported": fields.reason(args.by, args.source) if args.by in coverage.FIELD_LABELS else None,
            "rows": [{k: _plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(f"{period.label()}  {scope.source_label()}  {view.comparison_note()}  口径：{policy.describe()}")
        if args.by in coverage.FIELD_LABELS and fields.missing(args.by, args.source):
            print(f"按{coverage.FIELD_LABELS[args.by]}分：{coverage.NO_DATA}，{fields.reason(args.by, args.source)}")
        elif args.by in coverage.FIELD_LABELS and fields.partial(args.by, args.source):
            print(f"按{coverage.FIELD_LABELS[args.by]}分：{fields.partial(args.by, args.source)}")
        for number, note in {**unsupported, **partial}.items():
            print(f"{coverage.NUMBER_NAMES[number]}：{coverage.NO_DATA + '，' if number in unsupported else ''}{note}")
        print(_table_text(table, windows.label if windows else "环比", scope.pop_baseline()))
    return 0


def _grid(con, args: argparse.Namespace) -> int:
    """The grid rates of a period: the county, then each unit of --by, with their 口径."""
    policy = grid_metrics.GridPolicy.from_config()
    table = _county_and_units(con, args, "网格事件", grid_metrics.stored_events(con), "事件导出文件",
                              grid_metrics.LEVELS, grid_metrics.rates_by, policy)
    return _print_rates(args, "网格事件", table, policy.describe(),
                        grid_metrics.unsupported(grid_metrics.fields_carried(con)), grid_metrics.RATE_LABELS,
                        {"events": "事件", "registered": "立案"}, grid_metrics.stored_span(con))


def _service(con, args: argparse.Namespace) -> int:
    """The 办件 rates of a period: the county, then each unit of --by, with their 口径."""
    policy = service_metrics.ServicePolicy.from_config()
    table = _county_and_units(con, args, "便民服务办件", service_metrics.stored_items(con), "办件导出文件",
                              service_metrics.BY_CHOICES, service_metrics.rates_by, policy)
    visits = service_totals.consultation_total(con, args.start, args.end)
    listed = service_totals.changes(con, args.end.year)  # each level's 事项目录 on its own
    totals = {"consultations": visits, "catalogue": [
        {"level": service_totals.named_level(level) or None, "year": change.year, "matters": change.matters,
         "previous_year": change.previous_year, "previous_matters": change.previous_matters, "change": change.change,
         "sentence": change.sentence(level)} for level, change in listed]}
    lines = [f"咨询人次：{'无数据（未导入）' if visits is None else f'{visits:,}'}",
             f"事项目录：{'；'.join(change.sentence(level) for level, change in listed) or '无数据（未导入）'}"]
    return _print_rates(args, "办件", table[table["items"] > 0], policy.describe(),
                        service_metrics.unsupported(service_metrics.fields_carried(con)), service_metrics.RATE_LABELS,
                        {"items": "办件", "closed": "办结"}, service_metrics.stored_span(con), totals, lines)


def _county_and_units(con, args: argparse.Namespace, what: str, stored: int, export: str, choices, rates_by,
                      policy) -> pd.DataFrame:
    """The rates of the county, then of each unit of --by; refused in Chinese when the database holds
    no such records or --by is not one of `choices`."""
    if not stored:
        raise ValueError(f"数据库中还没有{what}（用 python -m minyi import 导入{export}）")
    if args.by not in choices:
        raise ValueError(f"{what.removeprefix('便民服务')}的 --by 应为 {'、'.join(choices)} 之一，而不是「{args.by}」")
    return pd.concat([rates_by(con, args.start, args.end, by, policy=policy) for by in dict.fromkeys(("county", args.by))],
                     ignore_index=True)


def _print_rates(args: argparse.Namespace, what: str, table: pd.DataFrame, basis: str, unsupported: dict[str, str],
                 labels: dict[str, str], counts: dict[str, str], span: tuple, totals: dict | None = None,
                 total_lines: list[str] = ()) -> int:
    """A period's rates as JSON (口径, the rates without data and why, one row per unit, and `totals`)
    or a table under `total_lines`; a period without records says so, with the span of those there are."""
    if table.empty and args.format != "json":
        stored, first_day, last_day = span
        print(f"{args.start}至{args.end}没有{what}（已有{stored:,}件，日期为{first_day}至{last_day}）。")
        return 0
    if args.format == "json":
        print(json.dumps({"period": {"from": str(args.start), "to": str(args.end)}, "by": args.by,
                          "口径": basis, "unsupported": unsupported, **(totals or {}),
                          "rows": [{k: _plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"{what} {args.start}至{args.end}  口径：{basis}")
    for line in total_lines:
        print(line)
    for rate, why in unsupported.items():
        print(f"{labels[rate]}：无数据，{why}")
    shown = table[["unit", *counts, *labels]].rename(columns={"unit": "单位", **counts, **labels})
    for rate in labels.values():
        shown[rate] = [formatting.percent(value) for value in shown[rate]]
    print(shown.to_string(index=False))
    return 0


def view_of_arguments(con, args: argparse.Namespace):
    """The scope of the command line's dates and filters, made as the dashboard makes it
    (filters.view_of): a period running past the data's end is cut there, like for like."""
    from minyi import filters  # with Streamlit: not for the nightly import's start-up

    choices = filters.read_choices(con)
    if choices.last_day is None:
        raise ValueError("数据库中还没有案件")
    view = filters.view_of(choices, Period(args.start, args.end), kind=getattr(args, "kind", None), source=args.source,
                           township=getattr(args, "township", None), department=getattr(args, "department", None))
    if view.outside_data():
        raise ValueError(view.outside_data())
    return view


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _table_text(table, pop_label: str = "环比", pop_baseline: str = periods.NO_POP_BASELINE) -> str:
    if table.empty:
        return "（无可列出的单位）"
    shown = table.copy()
    if "received_yoy" not in shown:  # a period longer than a year has no 同比
        shown["received_last_year"] = shown["received_yoy"] = None
    for column in ("completion_rate", "on_time_rate", "satisfaction_rate"):
        shown[column] = [formatting.percent(v) for v in shown[column]]
    min_base = config.comparison_min_base()
    shown["received_yoy"] = [formatting.count_change(c, e, "同比", min_base) or "—"
                             for c, e in zip(shown["received"], shown["received_last_year"])]
    for column in ("closed", "overdue_open", "repeat_cases"):
        shown[column] = [coverage.NO_DATA if v is None else v for v in shown[column]]
    shown["received_last_year"] = ["—" if formatting.is_missing(v) else v for v in shown["received_last_year"]]
    pop = "month_received" if "month_received" in shown else "received"  # 1–N月: its latest month (9月环比)
    shown["pop"] = ([formatting.count_change(c, e, "环比", min_base, pop_baseline) or "—"
                     for c, e in zip(shown[pop], shown[f"{pop}_previous"])] if f"{pop}_previous" in shown else "—")
    labels = {
        "unit": "单位", "received": "受理", "received_last_year": "去年同期", "received_yoy": "同比", "pop": pop_label,
        "closed": "办结", "completion_rate": "办结率", "on_time_rate": "按时办结率",
        "deadlines_stated": "期限载明", "deadlines_assumed": "期限推定",
        "satisfaction_rate": "满意率", "overdue_open": "超期未办结", "repeat_cases": "重复件",
    }
    return shown[list(labels)].rename(columns=labels).to_string(index=False)
