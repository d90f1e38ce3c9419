"""简报: the chosen view written up as a county 汇报 — 基本情况, 主要特点 with its charts, 存在问题 and
下步工作建议 (prompts drawn from the data, edited here before download) — and the same pack as Word,
PowerPoint or a ZIP of print-resolution PNGs."""

import html
import zlib

import streamlit as st

from minyi import app_state, display, documents, images, pack, rankings
from minyi.metrics import Policy

con, view = app_state.scoped_page("简报")
briefing = pack.build(con, view, app_state.dataset_facts(), Policy.from_config(), rankings.RankingRule.from_config())
st.caption(display.plain(f"统计期间：{briefing.scope_label}　{briefing.comparison}"))
buttons = st.container()  # filled last, so the downloads carry the edited 下步工作建议

with st.container(border=True):
    if briefing.masthead:
        head = briefing.masthead
        st.markdown(
            f"<div style='text-align:center;color:#{documents.RED};font-size:2rem;font-weight:700'>"
            f"{html.escape(head.issuer)}</div><div style='display:flex;justify-content:space-between;"
            f"border-bottom:3px solid #{documents.RED};padding-bottom:4px'><span></span>"
            f"<span>{html.escape(head.issue)}</span><span>{head.date_label()}</span></div>", unsafe_allow_html=True)
    st.markdown(f"### {display.plain(briefing.title)}")
    st.markdown(display.plain(f"（{briefing.scope_label}）"))
    figure = 0
    for section in briefing.sections:
        st.markdown(f"**{display.plain(section.heading)}**")
        if section is briefing.section("下步工作建议"):
            proposed = "\n".join(section.paragraphs)
            advice_key = f"briefing-advice-{zlib.crc32(proposed.encode())}"
            st.text_area("下步工作建议", proposed, height=180, label_visibility="collapsed", key=advice_key,
                         help="由数据生成的建议提示，可直接修改；每行一条，下载的文档按此处文字生成。")
            if st.session_state[advice_key] != proposed:
                st.caption("已修改：下载的文档按修改后的建议生成。")
            briefing = briefing.with_paragraphs("下步工作建议", st.session_state[advice_key].splitlines())
            continue
        for paragraph in section.paragraphs:
            st.markdown(display.plain(paragraph))
        charted = [exhibit for _, exhibit in section.items() if exhibit is not None]
        columns = st.columns(2) if charted else []
        for index, exhibit in enumerate(charted):
            figure += 1
            with columns[index % 2]:
                st.markdown(f"**图{figure}**　{display.plain(exhibit.takeaway)}")
                display.show_chart(exhibit.figure, exhibit.spec, key=f"exhibit-{figure}")

if not briefing.exhibits:
    display.empty_state()
st.caption(display.plain(briefing.notes_line()))


def _document(final: pack.Briefing, extension: str) -> bytes:
    """The file, made when its button is clicked (outside the script run: no session state there)."""
    return documents.write(documents.draw(final, (extension,)), extension)


with buttons:
    cannot_draw = images.problem()
    if cannot_draw:
        st.error(cannot_draw, icon=":material/error:")
    for column, (extension, label) in zip(st.columns(len(documents.FORMATS)), documents.FORMATS.items()):
        with column:
            display.download_button(
                f"下载 {label}", lambda extension=extension, final=briefing: (_document(final, extension), None),
                documents.file_name(briefing, extension), documents.MIME_TYPES[extension],
                type="primary" if extension == "docx" else "secondary",
                disabled=cannot_draw is not None or (extension == "zip" and not briefing.exhibits),
                key=f"briefing-{extension}", width="stretch")
    st.caption(f"图表按 A4 公文版心宽度（{images.PRINT_WIDTH_MM}毫米）以不低于300 dpi 生成，图中文字印出不小于9磅；"
               "首次生成需启动浏览器，约需数秒。")
