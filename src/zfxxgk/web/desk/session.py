"""What the request desk's pages share: the `Desk` on the app's database, who is signed in, refusals as HTTP.

Desk staff sign in with their desk user name and password (`zfxxgk desk user NAME --password …`); the
session lives in the database (`web.sessions`: the cookie holds a random value only), so signing out or
idling ends it for good and a restart does not. Sign-in attempts are throttled and locked out per name
and per client, and audited like sign-outs. Library refusals become the app's error pages: a step the
law does not allow is 400, a role that may not act is 403, and a case of another agency is 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...desk import Actor, Desk, DeskError, NotFound, PermissionDenied
from .. import auditing, sessions
from ..pages.auth import LOCKED, start_session
from ..render import render
from ..security import cookie_header, is_https, safe_next
from ..throttle import client_of

NAV = None
TEMPLATES = "zfxxgk.web.desk"
COOKIE = sessions.DESK_COOKIE
LOGIN = "/desk/login"

router = APIRouter(include_in_schema=False)


def get_desk(request: Request) -> Desk:
    """One Desk per app, on the engine of the app's store."""
    state = request.app.state
    if getattr(state, "desk", None) is None:
        state.desk = Desk(state.store.engine)
    return state.desk


def signed_in(request: Request) -> Actor | None:
    """The desk user of this request's session, if the session is live and the user still exists."""
    signed = sessions.resume(request.app.state.store.engine, request.cookies.get(COOKIE), "desk")
    if signed is None or signed.user is None:
        return None
    try:
        return get_desk(request).actor(signed.user)
    except NotFound:
        return None


def staff(request: Request) -> Actor:
    """A dependency of the desk's pages: the signed-in user, or a redirect to the sign-in page."""
    actor = signed_in(request)
    if actor is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(303, "请先登录", headers={"Location": f"{LOGIN}?next={quote(target)}"})
    return actor


DeskDep = Annotated[Desk, Depends(get_desk)]
StaffDep = Annotated[Actor, Depends(staff)]


@contextmanager
def refusals() -> Iterator[None]:
    """The desk's refusals as the app's error pages (400, 403, 404) with the desk's own message."""
    try:
        yield
    except PermissionDenied as exc:
        raise HTTPException(403, str(exc)) from exc
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except (DeskError, ValueError) as exc:
        raise HTTPException(400, str(exc)) from exc


@router.get(LOGIN, response_class=HTMLResponse)
def login_page(request: Request, next: str = "/desk") -> HTMLResponse:
    return render(request, "desk_login.html", {"next": safe_next(next), "failed": False})


@router.post(LOGIN)
def login(
    request: Request,
    desk: DeskDep,
    name: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=2000)] = "/desk",
) -> Response:
    name, throttle, client = name.strip(), request.app.state.throttle, client_of(request)
    if not throttle.login_allowed(name, client):
        auditing.record(request, name, "login.locked")
        return render(request, "desk_login.html", {"next": safe_next(next), "failed": LOCKED}, status_code=429)
    actor = desk.authenticate(name, password)
    if actor is None:
        throttle.login_failed(name, client)
        auditing.record(request, name, "login.failed")
        return render(request, "desk_login.html", {"next": safe_next(next), "failed": "用户名或密码不正确。"}, status_code=401)
    throttle.login_succeeded(name)
    auditing.record(request, name, "login", actor.agency_id)
    return start_session(request, "desk", actor.name, COOKIE, next)


@router.post("/desk/logout")
def logout(request: Request) -> Response:
    ended = sessions.end(request.app.state.store.engine, request.cookies.get(COOKIE))
    if ended is not None and ended.user is not None:
        auditing.record(request, ended.user, "logout")
    response = RedirectResponse(LOGIN, status_code=303)
    response.headers.append("set-cookie", cookie_header(COOKIE, "", is_https(request.scope, request.app.state.settings.secure_cookies), max_age=0))
    return response
