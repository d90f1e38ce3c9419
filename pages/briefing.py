"""简报: the chosen view written up as a briefing — its text and key charts on the page, and the
same pack as Word, PowerPoint or a ZIP of print-resolution PNGs."""

import streamlit as st

from minyi import app_state, display, documents, images, pack, rankings
from minyi.metrics import Policy

con, view = app_state.scoped_page("简报")
briefing = pack.build(con, view, app_state.dataset_facts(), Policy.from_config(), rankings.RankingRule.from_config())
st.caption(f"统计期间：{briefing.scope_label}　{briefing.comparison}")

cannot_draw = images.problem()
if cannot_draw:
    st.error(cannot_draw, icon=":material/error:")
for column, (extension, label) in zip(st.columns(len(documents.FORMATS)), documents.FORMATS.items()):
    column.download_button(
        f"下载 {label}", lambda extension=extension: documents.write(documents.draw(briefing), extension),
        file_name=documents.file_name(briefing, extension), mime=documents.MIME_TYPES[extension],
        on_click="ignore", icon=":material/download:", type="primary" if extension == "docx" else "secondary",
        disabled=cannot_draw is not None or (extension == "zip" and not briefing.exhibits),
        key=f"briefing-{extension}", width="stretch")
st.caption(f"图表按 A4 公文版心宽度（{images.PRINT_WIDTH_MM}毫米）以 {images.DPI} dpi 生成；首次生成需启动浏览器，约需数秒。")

with st.container(border=True):
    st.markdown(f"### {briefing.title}")
    st.markdown(f"（{briefing.scope_label}）")
    for section in briefing.sections:
        st.markdown(f"**{section.heading}**")
        for paragraph in section.paragraphs:
            st.markdown(paragraph)

if not briefing.exhibits:
    display.empty_state()
columns = st.columns(2)
for index, exhibit in enumerate(briefing.exhibits):
    with columns[index % 2]:
        st.markdown(f"**图{index + 1}**　{exhibit.takeaway}")
        display.show_chart(exhibit.figure, exhibit.spec, key=f"exhibit-{index}")
st.caption("；".join([f"数据来源：{briefing.source}", *briefing.caliber]))
