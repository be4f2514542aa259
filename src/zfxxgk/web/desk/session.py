"""What the request desk's pages share: the `Desk` on the app's database, who is signed in, refusals as HTTP.

Desk staff sign in with their desk user name and password (`zfxxgk desk user NAME --password …`); the
session is a cookie holding the name and an expiry, signed with a key the app makes when it first needs
one (signing in again after a restart is the price of keeping no key on disk). Library refusals become
the app's error pages: a step the law does not allow is 400, a role that may not act is 403, and a case
of another agency is 404.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...desk import Actor, Desk, DeskError, NotFound, PermissionDenied
from ..render import render
from ..security import cookie_header, safe_next

NAV = None
TEMPLATES = "zfxxgk.web.desk"
COOKIE = "zfxxgk_desk"
SESSION_SECONDS = 12 * 3600
LOGIN = "/desk/login"

router = APIRouter(include_in_schema=False)


def get_desk(request: Request) -> Desk:
    """One Desk per app, on the engine of the app's store."""
    state = request.app.state
    if getattr(state, "desk", None) is None:
        state.desk = Desk(state.store.engine)
    return state.desk


def _key(request: Request) -> bytes:
    state = request.app.state
    if getattr(state, "desk_key", None) is None:
        state.desk_key = secrets.token_bytes(32)
    return state.desk_key


def _sign(request: Request, payload: str) -> str:
    return hmac.new(_key(request), payload.encode(), hashlib.sha256).hexdigest()


def session_value(request: Request, name: str) -> str:
    payload = f"{base64.urlsafe_b64encode(name.encode()).decode()}.{int(time.time()) + SESSION_SECONDS}"
    return f"{payload}.{_sign(request, payload)}"


def signed_in(request: Request) -> Actor | None:
    """The desk user of this request's session cookie, if it is genuine and not expired."""
    value = request.cookies.get(COOKIE, "")
    payload, _, signature = value.rpartition(".")
    if not payload or not hmac.compare_digest(signature, _sign(request, payload)):
        return None
    name, _, expiry = payload.partition(".")
    if not expiry.isdigit() or int(expiry) < time.time():
        return None
    try:
        return get_desk(request).actor(base64.urlsafe_b64decode(name).decode())
    except (NotFound, ValueError):
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
    actor = desk.authenticate(name.strip(), password)
    if actor is None:
        return render(request, "desk_login.html", {"next": safe_next(next), "failed": True}, status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    secure = request.app.state.settings.secure_cookies
    response.headers.append("set-cookie", cookie_header(COOKIE, session_value(request, actor.name), secure, max_age=SESSION_SECONDS))
    return response


@router.post("/desk/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse(LOGIN, status_code=303)
    response.headers.append("set-cookie", cookie_header(COOKIE, "", request.app.state.settings.secure_cookies, max_age=0))
    return response
