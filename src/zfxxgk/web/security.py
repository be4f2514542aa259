"""Who may use the app and what a request may carry: token, CSRF, body size, browser hardening.

- **Token** (`--token`): when set, every request — pages, API, static files — must present it as
  `Authorization: Bearer T` or an `X-Zfxxgk-Token: T` header (scripts), or carry the session cookie that
  `/login` sets after the token or a named reviewer's password (or opening any page once with `?token=T`).
  The cookie holds a random session value, never the token (`sessions`). Without a token the app trusts
  whoever reaches it, which is why `serve` binds 127.0.0.1 by default. Whoever it is — a reviewer's
  name, `令牌` for the shared token, `本机用户` without one — is `request.state.who`, and that is what a
  correction records as its author.
- **Cookies** get `Secure` when the request came over HTTPS (directly, or through a proxy that says so
  and is trusted: `serve --proxy-headers`) or when `secure_cookies` is set.
- **CSRF** (double submit): a random `zfxxgk_csrf` cookie is set on the first response; every POST, PUT,
  PATCH and DELETE must repeat it in an `X-CSRF-Token` header or a `csrf_token` form field. Another site
  can make a browser send our cookies but cannot read them, so it cannot repeat the value. A request
  authenticated by a token *header* is exempt: browsers never add such headers to cross-site requests.
- **Body size**: a request body longer than the limit is refused with 413 before it is parsed.
- **Headers**: a Content-Security-Policy allowing only this origin's scripts, no framing, no sniffing.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Sequence
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fastapi import HTTPException, Request
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import auditing, sessions
from .errors import API_PREFIX, error_payload

SESSION_COOKIE = sessions.REVIEWER_COOKIE
REVIEWER_KINDS = ("reviewer", "token")
TOKEN_IDENTITY = "令牌"
LOCAL_IDENTITY = "本机用户"
TOKEN_HEADER = "x-zfxxgk-token"
CSRF_COOKIE = "zfxxgk_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOGIN_PATH = "/login"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Paths read by programs, not people: refused with 401 instead of redirected to the login page.
MACHINE_PATHS = (API_PREFIX, "/static/", "/openapi.json")
# The public's own pages (the application form, its status look-up, the publication catalogue) and the
# assets they are drawn with stay open when a token guards the reviewers' app; every other static file
# needs the token like any page.
PUBLIC_PATHS = ("/apply", "/catalogue")
PUBLIC_ASSETS = frozenset({"/static/app.css", "/static/app.js", "/static/favicon.svg", "/static/vendor/htmx.min.js"})
MULTIPART_OVERHEAD = 64 * 1024
# Characters a path and query may keep as they are when redirected to (the rest is percent-encoded).
URL_SAFE = "/?&=%#:@!$'()*+,;~-._"

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
# Swagger UI starts itself with an inline script; only its page may run one.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect"})


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except CookieError:  # a malformed Cookie header is treated as no cookies
        return {}
    return {k: m.value for k, m in jar.items()}


def same_secret(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def cookie_header(name: str, value: str, secure: bool, http_only: bool = True, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", "Path=/", "SameSite=Strict"]
    if http_only:
        parts.append("HttpOnly")
    if secure:
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


Headers = Sequence[tuple[bytes, bytes]]


async def _send_json(send: Send, status: int, body: dict, extra: Headers = ()) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


async def _redirect(send: Send, location: str, extra: Headers = ()) -> None:
    headers = [(b"location", location.encode("latin-1", "ignore")), (b"content-length", b"0"), *extra]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def safe_next(target: str | None) -> str:
    """A same-origin path to send a browser to; anything else becomes `/`.

    Refused: other origins (`https://…`, `//evil`, `///evil`, `/\\evil`), and control characters or
    spaces, which browsers drop from URLs (`/\t/evil` is `//evil` to them) and which would split the
    Location header (CR/LF). What is left is percent-encoded, so the header is plain ASCII.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return quote(target, safe=URL_SAFE)


def _is_public(path: str) -> bool:
    return path in PUBLIC_ASSETS or any(path == p or path.startswith(p + "/") for p in PUBLIC_PATHS)


def is_https(scope: Scope, secure_cookies: bool) -> bool:
    """Whether cookies of this response must be `Secure`: configured so, or the request came over HTTPS
    (uvicorn sets the scheme from X-Forwarded-Proto only for proxies it trusts)."""
    return secure_cookies or scope.get("scheme") == "https"


class TokenGuard:
    """Who is asking (`scope["state"]["who"]`), and refuse everyone without the token when one is set."""

    def __init__(self, app: ASGIApp, token: str | None, engine: Engine, secure_cookies: bool = False) -> None:
        self.app = app
        self.token = token
        self.engine = engine
        self.secure = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        headers = _headers(scope)
        bearer = headers.get("authorization", "")
        by_header = bearer[7:] if bearer.lower().startswith("bearer ") else headers.get(TOKEN_HEADER)
        if self.token is not None and same_secret(by_header, self.token):
            state["token_header"] = True
            state["who"] = TOKEN_IDENTITY
        elif cookie := _cookies(headers).get(SESSION_COOKIE):
            signed = await run_in_threadpool(sessions.resume, self.engine, cookie, REVIEWER_KINDS)
            if signed is not None:
                state["who"] = signed.user or TOKEN_IDENTITY
        if self.token is None:
            state.setdefault("who", LOCAL_IDENTITY)
        if "who" in state or _is_public(scope["path"]) or scope["path"] == LOGIN_PATH:
            await self.app(scope, receive, send)
            return
        await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        path, method = scope["path"], scope["method"]
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if method == "GET" and self.token is not None and same_secret(query.pop("token", None), self.token):
            value = await run_in_threadpool(sessions.start, self.engine, "token", None)
            await run_in_threadpool(auditing.record, Request(scope), TOKEN_IDENTITY, "login", via="link")
            cookie = cookie_header(SESSION_COOKIE, value, is_https(scope, self.secure))
            clean = safe_next(path) + (f"?{urlencode(query)}" if query else "")
            await _redirect(send, clean, [(b"set-cookie", cookie.encode())])
        elif method == "GET" and not path.startswith(MACHINE_PATHS):
            await _redirect(send, f"{LOGIN_PATH}?{urlencode({'next': path})}")
        else:
            await _send_json(send, 401, error_payload(401, "需要访问令牌（Authorization: Bearer …、X-Zfxxgk-Token 或登录）"), [(b"www-authenticate", b"Bearer")])


class BodyLimit:
    """Refuse request bodies over the limit: by Content-Length up front, by counting when it is absent."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes + MULTIPART_OVERHEAD

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _headers(scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await _send_json(send, 413, error_payload(413, self.message))
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(413, self.message)
            return message

        await self.app(scope, counted, send)

    @property
    def message(self) -> str:
        return f"上传内容过大：每次请求不超过 {(self.max_bytes - MULTIPART_OVERHEAD) // (1024 * 1024)} MB"


class CsrfCookie:
    """Give every browser a CSRF secret (cookie) and expose it to pages as `request.state.csrf`."""

    def __init__(self, app: ASGIApp, secure_cookies: bool = False) -> None:
        self.app = app
        self.secure = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        current = _cookies(_headers(scope)).get(CSRF_COOKIE)
        fresh = current is None or len(current) < 32
        value = secrets.token_urlsafe(32) if fresh else current
        scope.setdefault("state", {})["csrf"] = value

        async def with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cookie_header(CSRF_COOKIE, value, is_https(scope, self.secure)))
            await send(message)

        await self.app(scope, receive, with_cookie)


class SecurityHeaders:
    """Headers that stop the browser from running foreign scripts, framing the app, or guessing types."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope["path"] in DOCS_PATHS else CSP

        async def hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("content-security-policy", policy)
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("x-frame-options", "DENY")
                headers.setdefault("referrer-policy", "same-origin")
            await send(message)

        await self.app(scope, receive, hardened)


async def verify_csrf(request: Request) -> None:
    """A dependency of every route: unsafe methods must echo the CSRF cookie (header or form field)."""
    if request.method not in UNSAFE_METHODS or getattr(request.state, "token_header", False):
        return
    expected = request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if given is None and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        field = (await request.form()).get(CSRF_FIELD)
        given = field if isinstance(field, str) else None
    if not expected or not same_secret(given, expected):
        raise HTTPException(403, "CSRF 校验失败：请刷新页面后重试（API 调用需在 X-CSRF-Token 头中回传 zfxxgk_csrf Cookie）")
