"""数据: what is loaded, where it came from, and what the importer rejected."""

import streamlit as st

from minyi import app_state, db


con = app_state.page_start("数据")
st.subheader("已载入的案件")
loaded = db.run(con, "loaded_cases")
if loaded.empty:
    st.info("还没有案件数据。导入命令：`python -m minyi import 导出文件.xlsx`")
else:
    loaded["source"] = loaded["source"].map({"petition": "信访", "complaint": "投诉"})
    st.dataframe(loaded, hide_index=True, column_config={
        "source": "来源", "cases": st.column_config.NumberColumn("件数", format="localized"),
        "first_received": st.column_config.DateColumn("最早受理", format="YYYY-MM-DD"),
        "last_received": st.column_config.DateColumn("最晚受理", format="YYYY-MM-DD"),
        "open_cases": st.column_config.NumberColumn("未办结", format="localized"),
        "fallback_deadlines": st.column_config.NumberColumn("时限按周末推算", format="localized",
                                                            help="节假日安排未知的年份，工作日暂按周一至周五计算"),
    })

st.subheader("满意度测评")
st.dataframe(db.run(con, "loaded_surveys"), hide_index=True, column_config={
    "survey_name": "测评名称",
    "first_date": st.column_config.DateColumn("开始日期", format="YYYY-MM-DD"),
    "last_date": st.column_config.DateColumn("结束日期", format="YYYY-MM-DD"),
    "rows_loaded": st.column_config.NumberColumn("行数", format="localized"),
    "votes": st.column_config.NumberColumn("票数", format="localized"),
})

st.subheader("最近的导入")
st.caption("每次导入：读取行数 = 新增 + 更新 + 未变 + 拒收；拒收的行连同原因保存在隔离文件夹中。")
imports = db.run(con, "recent_imports", limit=20)
imports["quarantine_file"] = imports["quarantine_file"].fillna("—")
imports["kind"] = imports["kind"].map({"cases": "案件", "survey": "测评", "auto": "自动识别"}).fillna(imports["kind"])
st.dataframe(imports, hide_index=True, column_config={
    "import_id": "批次",
    "finished_at": st.column_config.DatetimeColumn("完成时间", format="YYYY-MM-DD HH:mm"),
    "kind": "类型", "files": "文件",
    **{name: st.column_config.NumberColumn(label, format="localized") for name, label in (
        ("rows_read", "读取"), ("rows_new", "新增"), ("rows_updated", "更新"),
        ("rows_unchanged", "未变"), ("rows_rejected", "拒收"))},
    "quarantine_file": "隔离文件夹",
})
