"""The import report as the Chinese text an analyst (or the nightly job's log) reads."""

from __future__ import annotations

from minyi.ingest.fields import SOURCES
from minyi.ingest.messages import REASON_LABELS
from minyi.ingest.reports import ImportReport

MAX_LISTED = 20
FAILED = "导入未通过：被拒收的行过多（能导入的行已导入）。"
KIND_LABELS = {"cases": "案件", "survey": "测评", "grid": "网格事件", "service": "办件", "consultation": "咨询人次",
               "catalogue": "事项目录", "assessment": "考核手工评分"}
DATE_FORMAT_HINT = ("日期写法无法识别的，可在映射文件的 [formats] 中按字段指明写法，"
                    "如 received_at = \"%d/%m/%y %H:%M\"（格式说明见 README“Mapping file”）")


def report_text(report: ImportReport, server_paths: bool = True) -> str:
    """The import's summary as the command line prints it; without `server_paths` (the upload box)
    the quarantine folder is named, not where it is on the server."""
    lines = [f"导入批次 {report.import_id}："]
    for item in report.files:
        kind = SOURCES.get(item.source or "", KIND_LABELS.get(item.kind, item.kind))
        lines.append(
            f"  {item.file}（{kind}）：读取 {item.rows_read:,} 行 = 新增 {item.rows_new:,} + 更新 {item.rows_updated:,}"
            f" + 未变 {item.rows_unchanged:,} + 拒收 {item.rows_rejected:,}"
            + ("" if item.reconciles() else "  ⚠ 行数不平衡")
        )
        if item.blank_rows:
            lines.append(f"    忽略空行 {item.blank_rows:,} 行")
        if item.footer_rows:
            lines.append(f"    忽略表尾说明 {len(item.footer_rows)} 行（合计、制表人等，第{'、'.join(item.footer_rows)}行）")
        if item.personal_columns:
            lines.append(f"    含个人信息的列未导入：{'、'.join(item.personal_columns)}")
        if item.unused_columns:
            lines.append(f"    未使用的列：{'、'.join(item.unused_columns)}")
        for code, count in item.reasons.most_common():
            lines.append(f"    拒收原因「{REASON_LABELS[code]}」：{count:,} 处")
        if item.reasons["bad_date"]:
            lines.append(f"    {DATE_FORMAT_HINT}")
    messages = [m for batch in report.rejected for m in batch.messages]
    for message in messages[:MAX_LISTED]:
        lines.append(f"  ✗ {message}")
    if len(messages) > MAX_LISTED:
        lines.append(f"  …… 另有 {len(messages) - MAX_LISTED:,} 行被拒收，详见隔离文件")
    if report.quarantine_dir:
        folder = report.quarantine_dir if server_paths else f"服务器上的隔离文件夹 {report.quarantine_dir.name}"
        lines.append(f"  拒收的行已保存到：{folder}")
    lines.extend(f"  ⚠ {warning}" for warning in dict.fromkeys(report.warnings))
    lines.extend(f"  ✗ 跳过无法导入的文件：{message}" for message in report.skipped)
    lines.extend(f"  ✗ 拒收过多：{message}，请检查导出格式或映射文件" for message in report.rejection_failures())
    lines.append(
        f"合计：读取 {report.total('rows_read'):,} 行，导入 {report.total('rows_imported'):,} 行"
        f"（新增 {report.total('rows_new'):,}、更新 {report.total('rows_updated'):,}、未变 {report.total('rows_unchanged'):,}），"
        f"拒收 {report.total('rows_rejected'):,} 行。"
    )
    if report.rejection_failures():
        lines.append(FAILED)
    return "\n".join(lines)
