"""数据: what is loaded, where it came from, what the importer rejected, and an upload box that runs
the same importer as the nightly job."""

from pathlib import Path

import pandas as pd
import streamlit as st

from minyi import (app_state, config, coverage, db, display, formatting, grid_metrics, service_metrics,
                   service_totals, spreadsheet)
from minyi.ingest import quarantine
from minyi.ingest.summary import KIND_LABELS
from minyi.ingest.upload import Upload, run_upload
from minyi.scope import SOURCE_LABELS
from minyi.security import accounts, audit, signin

ACCOUNT_COLUMNS = {
    "name": "用户名", "scope_kind": "范围", "unit": "乡镇或部门", "analyst": st.column_config.CheckboxColumn("分析员"),
    "admin": st.column_config.CheckboxColumn("管理员"), "disabled": st.column_config.CheckboxColumn("已停用"),
    "failures": "连续输错", "locked_until": "锁定至", "created_at": "建立时间", "changed_at": "最近修改",
}
AUDIT_COLUMNS = {"id": "序号", "at": "时间", "actor": "用户", "action": "操作", "detail": "内容", "rows": "行数"}


con = app_state.page_start("数据")
signed_in = signin.current()
if not (signed_in.analyst or signed_in.admin):  # the menu does not offer it; a link must not reach it either
    st.error("数据页仅供分析员和管理员使用。", icon=":material/lock:")
    st.stop()
if app_state.backend_line():
    st.caption(app_state.backend_line())
st.subheader("已载入的案件")
loaded = db.run(con, "loaded_cases")
if loaded.empty:
    st.info("还没有案件数据。导入命令：`python -m minyi import 导出文件.xlsx`")
else:
    loaded["source"] = loaded["source"].map(SOURCE_LABELS)
    display.show_table(loaded, {
        "source": "来源", "cases": st.column_config.NumberColumn("件数", format="localized"),
        "first_received": st.column_config.DateColumn("最早受理", format="YYYY-MM-DD"),
        "last_received": st.column_config.DateColumn("最晚受理", format="YYYY-MM-DD"),
        "open_cases": st.column_config.NumberColumn("未办结", format="localized"),
        "fallback_deadlines": st.column_config.NumberColumn("时限按周末推算", format="localized",
                                                            help="节假日安排未知的年份，工作日暂按周一至周五计算"),
    }, "已载入的案件", key="xlsx-loaded")
    if coverage.read(con).gaps():
        st.caption(display.plain(coverage.read(con).gaps()))

st.subheader("满意度测评")
display.show_table(db.run(con, "loaded_surveys"), {
    "survey_name": "测评名称",
    "first_date": st.column_config.DateColumn("开始日期", format="YYYY-MM-DD"),
    "last_date": st.column_config.DateColumn("结束日期", format="YYYY-MM-DD"),
    "rows_loaded": st.column_config.NumberColumn("行数", format="localized"),
    "votes": st.column_config.NumberColumn("票数", format="localized"),
}, "已载入的测评", key="xlsx-surveys")

st.subheader("网格事件")
events, first_day, last_day = grid_metrics.stored_span(con)
if events:
    display.show_figures([("事件", formatting.count(events)), ("最早上报", f"{first_day:%Y-%m-%d}"),
                          ("最晚上报", f"{last_day:%Y-%m-%d}")])
else:
    st.caption("尚未导入网格事件。导入命令：`python -m minyi import 事件导出.xlsx --kind grid`，或在下方上传。")

st.subheader("便民服务")
items, first_day, last_day = service_metrics.stored_span(con)
visits = service_totals.stored_consultations(con)
years = service_totals.catalogue_years(con)
if items or visits or len(years):
    display.show_figures([
        ("办件", formatting.count(items)),
        ("受理日期", f"{first_day:%Y-%m-%d} 至 {last_day:%Y-%m-%d}" if items else "—"),
        ("咨询人次", formatting.count(visits, "人次") if visits else "未导入"),
        ("事项目录", "、".join(f"{int(y)}年{int(n)}项" for y, n in zip(years["year"], years["matters"])) or "未导入"),
    ])
else:
    st.caption("尚未导入便民服务数据。导入命令：`python -m minyi import 办件导出.xlsx --kind service`"
               "（咨询人次汇总表用 `--kind consultation`，事项目录用 `--kind catalogue`），或在下方上传。")

st.subheader("最近的导入")
st.caption("每次导入：读取行数 = 新增 + 更新 + 未变 + 拒收；拒收的行连同原因保存在隔离文件夹中。")
imports = db.run(con, "recent_imports", limit=20)
# the folder's name only: the server's paths are nobody's business on a page
imports["quarantine_folder"] = imports["quarantine_file"].map(lambda path: Path(path).name, na_action="ignore").fillna("—")
imports["kind"] = imports["kind"].map({**KIND_LABELS, "auto": "自动识别"}).fillna(imports["kind"])
display.show_table(imports, {
    "import_id": "批次",
    "finished_at": st.column_config.DatetimeColumn("完成时间", format="YYYY-MM-DD HH:mm"),
    "kind": "类型", "files": "文件",
    **{name: st.column_config.NumberColumn(label, format="localized") for name, label in (
        ("rows_read", "读取"), ("rows_new", "新增"), ("rows_updated", "更新"),
        ("rows_unchanged", "未变"), ("rows_rejected", "拒收"))},
    "quarantine_folder": "隔离文件夹",
}, "最近的导入", key="xlsx-imports")

latest_rejected = imports[imports["rows_rejected"] > 0].head(1)
if signed_in.unit and not latest_rejected.empty:  # rejected rows are any township's or department's
    st.caption(display.plain(f"拒收行的明细涉及全县各单位，仅县级分析员可以查看（您的账号范围：{signed_in.unit}）。"))
elif not latest_rejected.empty and not pd.isna(latest_rejected["quarantine_file"].iloc[0]):
    folder = Path(latest_rejected["quarantine_file"].iloc[0])
    st.subheader("拒收情况（最近一次有拒收的导入）")
    for path, reasons in quarantine.summarize(folder) if folder.exists() else []:
        with st.expander(display.plain(f"{path.name}：{sum(n for _, n in reasons):,}行"), icon=":material/block:"):
            display.show_table(pd.DataFrame(reasons, columns=["reason", "rows"]), {"reason": "原因", "rows": "行数"},
                               f"{path.name}_拒收原因", key=f"xlsx-reasons-{path.name}")
            display.download_button("下载拒收行（Excel）", lambda path=path: quarantine.rejected_xlsx(path),
                                    f"{path.name.removesuffix('.csv')}.xlsx", spreadsheet.XLSX_MIME,
                                    key=f"download-{path.name}")
            st.caption(display.plain(f"拒收行的 CSV 文件保存在服务器的隔离文件夹 {folder.name} 中，"
                                     f"保留{config.QUARANTINE_DAYS.value()}天。"))

if signed_in.admin:
    st.subheader("账号")
    display.show_table(pd.DataFrame(accounts.listed(), columns=list(ACCOUNT_COLUMNS)), ACCOUNT_COLUMNS, "账号",
                       key="xlsx-accounts", empty="尚未建立账号。")
    st.caption("账号在服务器上用命令行建立、停用和重置密码（见说明文档）。")
    st.subheader("审计记录")
    st.caption("登录（含失败）、导入、每次下载和账号变动，只增不改；下面是最近200条，下载的 Excel 含全部记录。")
    display.show_table(audit.recent(200), AUDIT_COLUMNS, "审计记录", key="xlsx-audit", empty="尚无审计记录。",
                       all_rows=lambda: audit.recent(None))

if not signed_in.analyst:
    st.caption("上传导出文件需要分析员权限。")
    st.stop()
st.subheader("上传导出文件")
st.caption("与夜间导入任务使用同一导入程序：在新快照中导入，完成后一次性切换，查看看板的人不会看到导入一半的数据。"
           "姓名、电话、身份证号等个人信息列不会写入数据库。")
limited_to = (signed_in.scope_kind, signed_in.unit) if signed_in.unit else None
if limited_to:
    st.caption(display.plain(f"本账号只能导入{signed_in.unit}的行：其他单位的行，以及会改动其他单位已有案件的行，"
                             f"会被拒收并写明原因；映射文件只有县级分析员可以使用。"))
with st.form("upload", clear_on_submit=True):
    uploads = st.file_uploader("导出文件（xlsx、xls、ods、csv、tsv、parquet，可多选）", accept_multiple_files=True,
                               type=["xlsx", "xls", "ods", "csv", "tsv", "txt", "parquet"])
    mapping_file = None if limited_to else st.file_uploader(
        "映射文件（可选，.toml 文件，格式见说明文档的映射文件一节）", type=["toml"], key="data-mapping")
    left, right = st.columns(2)
    kind = left.selectbox("类型", [None, "cases", "survey", "grid", "service", "consultation", "catalogue", "assessment"],
                          format_func={None: "自动识别", "cases": "信访/投诉案件", "survey": "满意度测评",
                                       "grid": "网格事件", "service": "便民服务办件", "consultation": "咨询人次汇总",
                                       "catalogue": "事项目录", "assessment": "考核手工评分表"}.get)
    source = right.selectbox("来源", [None, *SOURCE_LABELS], format_func={None: "自动识别", **SOURCE_LABELS}.get)
    submitted = st.form_submit_button("导入", type="primary")
if submitted and uploads:
    bar = st.progress(0.0, text="准备导入……")
    verdict = run_upload(
        config.db_path(), [Upload(u.name, u.getvalue()) for u in uploads],
        Upload(mapping_file.name, mapping_file.getvalue()) if mapping_file else None, kind=kind, source=source,
        progress=lambda done, total, name: bar.progress(done / total, text=f"正在导入 {name}（{done + 1}/{total}）"),
        actor=signed_in.name, limited_to=limited_to)
    bar.empty()
    for note in verdict.notes:
        st.info(display.plain(note))
    show = {"error": st.error, "warning": st.warning, "success": st.success}[verdict.level]
    show(display.plain(verdict.text).replace("\n", "  \n"), icon=":material/error:" if verdict.level == "error" else None)
    if verdict.published:
        st.button("刷新页面查看新数据", icon=":material/refresh:")
