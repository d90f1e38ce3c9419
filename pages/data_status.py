"""数据: what is loaded, where it came from, and what the importer rejected."""

import streamlit as st

from minyi import app_state, db

con = app_state.page_start("数据")
st.subheader("已载入的案件")
loaded = db.run(con, "loaded_cases")
if loaded.empty:
    st.info("还没有案件数据。导入命令：`python -m minyi import 导出文件.xlsx`")
else:
    st.dataframe(loaded.rename(columns={
        "source": "来源", "cases": "件数", "first_received": "最早受理", "last_received": "最晚受理",
        "open_cases": "未办结", "fallback_deadlines": "按周末推算时限的件数",
    }).replace({"来源": {"petition": "信访", "complaint": "投诉"}}), hide_index=True)
st.subheader("满意度测评")
st.dataframe(db.run(con, "loaded_surveys").rename(columns={
    "survey_name": "测评名称", "first_date": "开始日期", "last_date": "结束日期", "rows_loaded": "行数", "votes": "票数",
}), hide_index=True)
st.subheader("最近的导入")
st.caption("每次导入：读取行数 = 新增 + 更新 + 未变 + 拒收；拒收的行连同原因保存在隔离文件夹中。")
st.dataframe(db.run(con, "recent_imports", limit=20).rename(columns={
    "import_id": "批次", "finished_at": "完成时间", "kind": "类型", "files": "文件", "rows_read": "读取",
    "rows_new": "新增", "rows_updated": "更新", "rows_unchanged": "未变", "rows_rejected": "拒收",
    "quarantine_file": "隔离文件夹",
}), hide_index=True)
