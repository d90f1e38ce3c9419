"""Signing in, on every page run before anything else is drawn: with MINYI_SIGN_IN=local the
sign-in form until the session holds a valid account, with oidc the intranet's single sign-on
(st.login), with off (the default, the demo county) nobody signs in and everybody sees everything.

A session's account is checked again on every run (a disabled account is out at the next click)
and expires after MINYI_SESSION_HOURS; a cookie (minyi.security.sessions) keeps a reload or a
second tab signed in."""

from __future__ import annotations

import threading

import streamlit as st

from minyi import config
from minyi.markdown_text import plain
from minyi.security import accounts, audit, sessions

SESSION_KEY = "minyi-session"  # this browser's session token (its cookie's value)
_run = threading.local()  # the account of the script run on this thread


def account() -> accounts.Account:
    """The account this run serves; draws the sign-in page and stops the run when there is none.
    Called by dashboard.py first on every run; `current()` then tells every page and download."""
    _run.account = None
    mode = config.SIGN_IN.choice(("off", "local", "oidc"))
    if mode == "off":
        _run.account = accounts.NOBODY
    elif mode == "oidc":
        if st.session_state.pop("minyi-signed-out", False):
            st.logout()
        _run.account = _single_sign_on()
    else:
        _run.account = _held_account()
    return _run.account


def current() -> accounts.Account:
    """The account of this script run. A run that did not start in dashboard.py has none, and
    fails closed."""
    found = getattr(_run, "account", None)
    if found is None:
        raise RuntimeError("this run has no signed-in account")
    return found


def _held_account() -> accounts.Account:
    """The account of this browser's session token: the one this session signed in with, or the
    cookie of an earlier sign-in (a reload, a second tab). The token is checked against the
    sessions table on every run, so sign-out in another tab, a new password, disabling and the
    session's end all take effect at the next click. Else the sign-in form."""
    token = st.session_state.get(SESSION_KEY)
    if token is None:
        token = st.context.cookies.get(sessions.COOKIE)
    found = accounts.of_session(token)
    if found is not None:
        st.session_state[SESSION_KEY] = token
        _set_cookie()
        return found
    if st.session_state.pop(SESSION_KEY, None) is not None:
        st.session_state["minyi-sign-in-note"] = "登录已失效（已退出、超时、密码已重置或账号已停用），请重新登录。"
    _sign_in_form()
    st.stop()


def sign_out_button(signed_in: accounts.Account) -> None:
    """The sidebar's line naming who is signed in, with 退出登录 (not shown when sign-in is off)."""
    if signed_in is accounts.NOBODY:
        return
    st.sidebar.caption(plain(f"当前用户：{signed_in.name}（{signed_in.describe()}）"))
    st.sidebar.button("退出登录", icon=":material/logout:", key="sign-out", on_click=_sign_out, args=(signed_in.name,))


def _sign_out(name: str) -> None:
    """Before the next run: this browser's session ends on the server, the session forgets all it
    held (filters, drill-downs), the next run clears the cookie (and, with oidc, the identity
    provider's session)."""
    audit.record(name, "sign_out", "退出登录")
    sessions.end(st.session_state.get(SESSION_KEY))
    oidc = config.SIGN_IN.value().strip().lower() == "oidc"
    for key in list(st.session_state):
        del st.session_state[key]
    st.session_state["minyi-cookie"] = ""
    st.session_state["minyi-signed-out"] = oidc


def _set_cookie() -> None:
    """Write (a token) or clear ("") the browser's session cookie, once, when a sign-in or
    sign-out asked for it. Set by script, so it lasts exactly the session's hours."""
    token = st.session_state.pop("minyi-cookie", None)
    if token is None:
        return
    age = int(sessions.length().total_seconds()) if token else 0
    st.sidebar.html(f'<script>document.cookie = "{sessions.COOKIE}={token}; path=/; max-age={age}; SameSite=Strict";'
                    "</script>", unsafe_allow_javascript=True)


def _sign_in_form() -> None:
    from minyi import display  # the stylesheet and the Chinese for Streamlit's own words, here too

    display.page_chrome()
    _set_cookie()
    st.title("民意看板")
    st.caption("请登录后查看。没有账号的，请联系管理员开通。")
    note = st.session_state.pop("minyi-sign-in-note", None)
    if note:
        st.info(note)
    with st.form("sign-in"):
        name = st.text_input("用户名", key="sign-in-name")
        password = st.text_input("密码", type="password", key="sign-in-password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        outcome = accounts.sign_in(name, password)
        if outcome.account is None:
            st.error(outcome.refusal)
        else:
            token = sessions.start(outcome.account.name)
            st.session_state[SESSION_KEY] = token
            st.session_state["minyi-cookie"] = token
            st.rerun()


def _single_sign_on() -> accounts.Account:
    """The intranet's identity provider through st.login; the account is the one named by the
    claim MINYI_OIDC_NAME_CLAIM (its scope and roles as `users add` gave them)."""
    if not st.user.is_logged_in:
        st.title("民意看板")
        st.caption("请使用单位统一身份认证登录。")
        if st.button("统一身份认证登录", type="primary"):
            st.login()
        st.stop()
    claim = config.OIDC_NAME_CLAIM.value()
    name = str(st.user.get(claim) or "")
    found = accounts.current(name) if name else None
    if found is None:
        st.error(plain(f"统一身份认证账号「{name or '（无 ' + claim + '）'}」未在民意看板中开通或已停用，请联系管理员。"))
        if st.button("退出登录"):
            st.logout()
        st.stop()
    if st.session_state.get("minyi-sso-account") != found.name:
        audit.record(found.name, "sign_in", "统一身份认证登录")
        st.session_state["minyi-sso-account"] = found.name
    return found
