"""Sign-in to the reviewers' app — with a named reviewer's password, or with the server's token — and
sign-out; the CSRF secret for API clients.

Every attempt is throttled per name and per client (`throttle`), checked as slowly for an unknown name as
for a known one, and written to the audit log; success starts a new server-side session (`sessions`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import auditing, sessions
from ..errors import ERROR_RESPONSES
from ..render import render
from ..reviewers import authenticate_reviewer
from ..security import LOGIN_PATH, SESSION_COOKIE, TOKEN_IDENTITY, cookie_header, is_https, safe_next, same_secret
from ..throttle import client_of

NAV = None
LOCKED = "尝试次数过多，请 15 分钟后再试。"

router = APIRouter()
api = APIRouter(prefix="/api", tags=["session"], responses=ERROR_RESPONSES)


def _page(request: Request, next: str, failed: str | None = None, status_code: int = 200) -> HTMLResponse:
    context = {"next": safe_next(next), "failed": failed, "token_set": request.app.state.settings.token is not None}
    return render(request, "login.html", context, status_code=status_code)


def start_session(request: Request, kind: str, user: str | None, cookie: str, target: str) -> Response:
    """A new session (the old cookie's, if any, ended: the value is rotated at every sign-in), audited."""
    engine = request.app.state.store.engine
    sessions.end(engine, request.cookies.get(cookie))
    value = sessions.start(engine, kind, user)
    response = RedirectResponse(safe_next(target), status_code=303)
    response.headers.append("set-cookie", cookie_header(cookie, value, is_https(request.scope, request.app.state.settings.secure_cookies)))
    return response


@router.get(LOGIN_PATH, response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return _page(request, next)


@router.post(LOGIN_PATH, include_in_schema=False)
def login(
    request: Request,
    token: Annotated[str, Form(max_length=500)] = "",
    name: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    settings, throttle, client = request.app.state.settings, request.app.state.throttle, client_of(request)
    who = name.strip() if not token else TOKEN_IDENTITY
    if not throttle.login_allowed(who, client):
        auditing.record(request, who, "login.locked")
        return _page(request, next, LOCKED, 429)
    if token:
        ok = settings.token is not None and same_secret(token, settings.token)
    else:
        ok = authenticate_reviewer(request.app.state.store.engine, who, password)
    if not ok:
        throttle.login_failed(who, client)
        auditing.record(request, who, "login.failed")
        return _page(request, next, "令牌不正确。" if token else "用户名或密码不正确。", 401)
    throttle.login_succeeded(who)
    auditing.record(request, who, "login")
    return start_session(request, "token" if token else "reviewer", None if token else who, SESSION_COOKIE, next)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    ended = sessions.end(request.app.state.store.engine, request.cookies.get(SESSION_COOKIE))
    if ended is not None:
        auditing.record(request, ended.user or TOKEN_IDENTITY, "logout")
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.headers.append("set-cookie", cookie_header(SESSION_COOKIE, "", is_https(request.scope, request.app.state.settings.secure_cookies), max_age=0))
    return response


@api.get("/csrf", summary="The CSRF secret to send back as X-CSRF-Token on POST (also set as a cookie)")
def csrf(request: Request) -> dict[str, str]:
    return {"csrf_token": request.state.csrf, "header": "X-CSRF-Token", "cookie": "zfxxgk_csrf"}


router.include_router(api)
