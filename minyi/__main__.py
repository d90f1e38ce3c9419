"""Command line: `python -m minyi import|demo|metrics|briefing|assess|users` (run with --help for the options).

The nightly job calls `import`; analysts script `metrics`, which prints the numbers the
dashboard shows, computed by the same queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from minyi import backends, cli_numbers, config, grid_metrics, metrics, service_metrics
from minyi.assessment import command
from minyi.backends import BackendUnavailable
from minyi.config import SettingError
from minyi.dataset import RealDataError
from minyi.ingest.mapping import ExportError, load_mapping
from minyi.ingest import isolated
from minyi.ingest.publish import DEMO_REPLACED
from minyi.ingest.summary import report_text
from minyi.periods import KINDS
from minyi.snapshot_files import MissingDatabase
from minyi.workdays import HolidaysFileError


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ExportError, HolidaysFileError) as error:
        print(f"导入失败，数据库未作任何改动：{error}", file=sys.stderr)
        return 2
    except (RealDataError, SettingError, ValueError) as error:
        print(f"未执行：{error}", file=sys.stderr)
        return 2
    except (MissingDatabase, BackendUnavailable) as error:  # what to run first, or why ClickHouse cannot be read
        print(error, file=sys.stderr)
        return 2
    except Exception as error:  # connected, but ClickHouse refused (rights, disk): its reason, not a traceback
        if not backends.is_client_error(error):
            raise
        print(f"ClickHouse 拒绝了请求（设置 MINYI_BACKEND）：{error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m minyi", description="民意看板 Minyi")
    commands = parser.add_subparsers(required=True, metavar="command")

    importing = commands.add_parser("import", help="导入信访/投诉/测评/网格事件/办件导出文件")
    importing.add_argument("files", nargs="+", type=Path)
    importing.add_argument("--kind", choices=("cases", "survey", "grid", "service", "consultation", "catalogue",
                                              "assessment"),
                           help="cases（信访/投诉）、survey（测评）、grid（网格事件）、service（便民服务办件）、"
                                "consultation（咨询人次汇总）、catalogue（事项目录）或 assessment（考核手工评分表）；默认按表头判断")
    importing.add_argument("--rules", type=Path, help="考核手工评分表按此考核细则检查（默认 MINYI_ASSESSMENT_RULES）")
    importing.add_argument("--source", choices=metrics.SOURCE_CHOICES)
    importing.add_argument("--mapping", type=Path, help="TOML 列映射文件（格式见 README）")
    importing.add_argument("--db", type=Path, help=f"数据库路径（默认 {config.DB_PATH.name} 或 data/minyi.duckdb）")
    importing.add_argument("--skip-unreadable", action="store_true",
                           help="无法识别的文件只报告、不阻止其他文件导入（适合无人值守的定时任务）")
    importing.set_defaults(handler=_import)

    demo = commands.add_parser("demo", help="生成演示县数据（会替换数据库）")
    demo.add_argument("--rows", type=int, default=100_000)
    demo.add_argument("--seed", type=int, default=2012)
    demo.add_argument("--db", type=Path)
    demo.add_argument("--force", action="store_true", help="即使数据库中是正式数据也替换为演示数据")
    demo.set_defaults(handler=_demo)

    figures = commands.add_parser("metrics", help="输出期间的核心指标（与看板同一口径）")
    figures.add_argument("--from", dest="start", required=True, type=dt.date.fromisoformat)
    figures.add_argument("--to", dest="end", required=True, type=dt.date.fromisoformat)
    figures.add_argument("--source", choices=metrics.SOURCE_CHOICES)
    figures.add_argument("--by", default="county",
                         choices=dict.fromkeys((*metrics.BY_CHOICES, *grid_metrics.LEVELS, *service_metrics.BY_CHOICES)),
                         help="案件：county、source、township、department；网格事件：county、township、village、grid；"
                              "办件：county、level、centre、township、department、matter")
    figures.add_argument("--kind", choices=(*cli_numbers.DATA_KINDS, *KINDS),
                         help="cases（信访和投诉，默认）、grid（网格事件）或 service（便民服务办件）；也可写期间类型，同 --period-kind")
    figures.add_argument("--period-kind", choices=KINDS, help=KIND_HELP)
    figures.add_argument("--format", choices=("table", "json"), default="table")
    figures.add_argument("--db", type=Path)
    figures.set_defaults(handler=_metrics)

    copying = commands.add_parser("clickhouse-load", help="把数据库复制到 MINYI_BACKEND 指定的 ClickHouse（chdb://目录）")
    copying.add_argument("--db", type=Path, help="数据库文件（默认取 MINYI_DB）")
    copying.set_defaults(handler=_clickhouse_load)

    pack = commands.add_parser("briefing", help="生成简报：Word（.docx）、PowerPoint（.pptx）或图表图片（.zip）")
    pack.add_argument("--from", dest="start", required=True, type=dt.date.fromisoformat)
    pack.add_argument("--to", dest="end", required=True, type=dt.date.fromisoformat)
    pack.add_argument("--source", choices=metrics.SOURCE_CHOICES)
    pack.add_argument("--kind", choices=KINDS, help=KIND_HELP)
    pack.add_argument("--township", help="只含一个乡镇（街道）")
    pack.add_argument("--department", help="只含一个承办部门")
    pack.add_argument("--out", type=Path, help="输出文件，扩展名决定格式：.docx、.pptx 或 .zip（默认按标题命名的 .docx）")
    pack.add_argument("--db", type=Path)
    pack.set_defaults(handler=_briefing)
    command.add_parser(commands)
    users = commands.add_parser("users", help="管理登录账号（MINYI_SIGN_IN=local 或 oidc 时使用）")
    actions = users.add_subparsers(required=True, metavar="action", dest="action")
    adding = actions.add_parser("add", help="新建账号")
    adding.add_argument("name")
    adding.add_argument("--scope", required=True,
                        help="可见范围：县级、乡镇:名称、部门:名称，或 无（只做分析员或管理员）")
    adding.add_argument("--analyst", action="store_true", help="分析员：可导入数据、查看数据页")
    adding.add_argument("--admin", action="store_true", help="管理员：查看账号和审计记录")
    adding.add_argument("--sso", action="store_true", help="只通过单位统一身份认证登录，不设密码")
    for action, text in (("disable", "停用账号"), ("enable", "重新启用账号"), ("reset", "设置新密码（同时解除锁定）")):
        actions.add_parser(action, help=text).add_argument("name")
    actions.add_parser("list", help="列出账号")
    for sub in actions.choices.values():
        sub.add_argument("--db", type=Path, help="数据库路径：账号文件在它所在的文件夹")
        if sub.prog.endswith((" add", " reset")):
            sub.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（供脚本使用）")
    users.set_defaults(handler=_users)
    return parser


KIND_HELP = ("期间类型，决定环比：ytd（1–N月，最近一月与上月比）、month、quarter（与上月、上季比）、year、custom（不计环比）；"
             "默认按日期判断（1月1日起的整月为 ytd）")


def _db_path(args: argparse.Namespace) -> Path:
    return args.db or config.db_path()


def _import(args: argparse.Namespace) -> int:
    try:
        published = isolated.run_import(_db_path(args), args.files, kind=args.kind, source=args.source,
                                        mapping=load_mapping(args.mapping), skip_unreadable=args.skip_unreadable,
                                        assessment_rules=args.rules)
    except ExportError as error:
        _audit(args, "import", f"命令行导入 {'、'.join(path.name for path in args.files)}：失败（{error}）")
        raise
    _audit(args, "import", f"命令行导入 {'、'.join(path.name for path in args.files)}："
                           f"{'成功' if published.report.reconciles() else '完成（有警告）'}",
           published.report.total("rows_imported"))
    if published.replaced_demo:
        print(DEMO_REPLACED)
    print(report_text(published.report))
    failures = published.report.rejection_failures()
    if failures:
        print(f"导入未通过（退出码 3）：{'；'.join(failures)}。其余的行已导入，拒收的行见隔离文件夹。", file=sys.stderr)
        return 3
    return 0 if published.report.reconciles() and not published.report.skipped else 1


def _users(args: argparse.Namespace) -> int:
    from minyi.security import accounts

    actor, where = _actor(), args.db
    try:
        if args.action == "add":
            password = None if args.sso else _new_password(args)
            made = accounts.add(args.name, password, args.scope, args.analyst, args.admin, actor=actor, db_path=where)
            print(f"已建立账号 {made.name}（{made.describe()}）")
        elif args.action == "reset":
            accounts.reset_password(args.name, _new_password(args), actor=actor, db_path=where)
            print(f"已为 {args.name} 设置新密码，账号已解除锁定")
        elif args.action in ("disable", "enable"):
            accounts.set_disabled(args.name, args.action == "disable", actor=actor, db_path=where)
            print(f"已{'停用' if args.action == 'disable' else '启用'}账号 {args.name}")
        else:
            for row in accounts.listed(where):
                flags = "、".join(label for key, label in (("analyst", "分析员"), ("admin", "管理员"), ("disabled", "已停用"))
                                 if row[key])
                print(f"{row['name']}\t{row['scope_kind']}{'：' + row['unit'] if row['unit'] else ''}\t{flags}")
    except accounts.AccountError as error:
        print(f"未执行：{error}", file=sys.stderr)
        return 2
    return 0


def _new_password(args: argparse.Namespace) -> str:
    """From standard input (--password-stdin), or typed twice without echo; never a default."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise ValueError("两次输入的密码不一致")
    return first


def _actor() -> str:
    try:
        return f"命令行（{getpass.getuser()}）"
    except (KeyError, OSError):
        return "命令行"


def _audit(args: argparse.Namespace, action: str, detail: str, rows: int | None = None) -> None:
    from minyi.security import audit

    audit.record(_actor(), action, detail, rows, db_path=_db_path(args))


def _demo(args: argparse.Namespace) -> int:
    from minyi.demo import build_demo

    path = _db_path(args)
    summary = build_demo(path, rows=args.rows, seed=args.seed, replace_real_data=args.force)
    print(summary)
    return 0


def _clickhouse_load(args: argparse.Namespace) -> int:
    print(backends.load_clickhouse(_db_path(args)))
    return 0


def _metrics(args: argparse.Namespace) -> int:
    return cli_numbers.print_metrics(backends.reader(_db_path(args)), args)  # MINYI_BACKEND: DuckDB or ClickHouse


def _briefing(args: argparse.Namespace) -> int:
    from minyi import dataset, documents, filters, pack, rankings
    from minyi.images import ChartExportError

    extension = args.out.suffix.lower().lstrip(".") if args.out else "docx"
    if extension not in documents.FORMATS:
        raise ValueError(f"--out 的扩展名应为 .docx、.pptx 或 .zip，而不是「{args.out.suffix}」")
    con = backends.reader(_db_path(args))
    choices = filters.read_choices(con)
    for name, known in (("township", choices.townships), ("department", choices.departments)):
        if getattr(args, name) and getattr(args, name) not in known:
            raise ValueError(f"数据中没有{pack.UNIT_NAMES[name]}「{getattr(args, name)}」")
    view = cli_numbers.view_of_arguments(con, args)
    briefing = pack.build(con, view, dataset.describe(con), metrics.Policy.from_config(),
                          rankings.RankingRule.from_config())
    out = args.out or Path(documents.file_name(briefing, extension))
    if not out.parent.is_dir():
        raise ValueError(f"输出文件夹不存在：{out.parent}")
    try:
        out.write_bytes(documents.write(documents.draw(briefing, (extension,)), extension))
    except (ChartExportError, OSError) as error:
        print(f"未生成简报：{error}", file=sys.stderr)
        return 2
    print(briefing.headline)
    print(f"已生成 {out}（{len(briefing.exhibits)}幅图表，{briefing.scope_label}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
