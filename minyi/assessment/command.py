"""`python -m minyi assess`: a rule file scored for one period, printed as a table or JSON, or
written as the 考核表 or the period's 考核手工评分表 (xlsx)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from minyi import backends, config, formatting, periods


def add_parser(commands) -> None:
    assess = commands.add_parser("assess", help="按考核细则计算各单位的考核得分和等次")
    assess.add_argument("--rules", type=Path, help="考核细则 TOML 文件（默认 MINYI_ASSESSMENT_RULES，即 data/assessment.toml）")
    assess.add_argument("--period", required=True, help="考核期间：2012（年度）、2012H1/2012H2（半年）、2012Q1–2012Q4（季度）")
    assess.add_argument("--format", choices=("table", "json", "xlsx"), default="table",
                        help="table（文字表）、json 或 xlsx（考核表，写到 --out）")
    assess.add_argument("--out", type=Path, help="--format xlsx 的输出文件（默认按考核名称和期间命名，写在当前文件夹）")
    assess.add_argument("--template", type=Path, help="不计分，写出本期的考核手工评分表（.xlsx），填好后用 import 导入")
    assess.add_argument("--db", type=Path)
    assess.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from minyi.assessment import assess, report, sheet

    chosen = assess.load_rules(args.rules)
    period = periods.assessment_period(args.period)
    label = periods.assessment_label(period)
    path = args.db or config.db_path()
    con = backends.reader(path)  # main says so when there is none
    if args.template:
        args.template.write_bytes(assess.template_workbook(con, chosen, period))
        print(f"已写出{label}考核手工评分表：{args.template}（填好后用 python -m minyi import 导入）")
        return 0
    result = assess.assess_period(con, chosen, period)
    if args.format == "json":
        print(json.dumps(report.payload(chosen, period, result), ensure_ascii=False, indent=2))
    elif args.format == "xlsx":
        out = args.out or Path(formatting.file_name(f"{chosen.title}考核表_{label}") + ".xlsx")
        out.write_bytes(sheet.workbook(chosen, period, result))
        print(f"已写出考核表：{out}")
    else:
        print(report.text(chosen, period, result))
    return 0
