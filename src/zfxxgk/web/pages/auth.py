"""Login with the server's token (when `serve --token` is used), and the CSRF secret for API clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import ERROR_RESPONSES
from ..render import render
from ..security import LOGIN_PATH, TOKEN_COOKIE, cookie_header, safe_next, same_secret

NAV = None

router = APIRouter()
api = APIRouter(prefix="/api", tags=["session"], responses=ERROR_RESPONSES)


@router.get(LOGIN_PATH, response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": safe_next(next), "failed": False})


@router.post(LOGIN_PATH, include_in_schema=False)
def login(request: Request, token: Annotated[str, Form(max_length=500)], next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    settings = request.app.state.settings
    if settings.token is None or not same_secret(token, settings.token):
        return render(request, "login.html", {"next": safe_next(next), "failed": True}, status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.headers.append("set-cookie", cookie_header(TOKEN_COOKIE, settings.token, settings.secure_cookies))
    return response


@api.get("/csrf", summary="The CSRF secret to send back as X-CSRF-Token on POST (also set as a cookie)")
def csrf(request: Request) -> dict[str, str]:
    return {"csrf_token": request.state.csrf, "header": "X-CSRF-Token", "cookie": "zfxxgk_csrf"}


router.include_router(api)
