"""The web app: pages and JSON API over one `Store`, guarded by token, CSRF and size checks.

`PAGES` lists the page modules (each with `router` and `NAV`); another package adds its pages by adding
its module here — its routes get the same guards, its `NAV` entry appears in the menu, and a module whose
`TEMPLATES` names a package has that package's `templates/` folder searched too (its pages can extend
`base.html`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from types import ModuleType

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..store import Store
from . import errors
from .desk import case as desk_case
from .desk import catalogue as desk_catalogue
from .desk import inbox as desk_inbox
from .desk import public as desk_public
from .desk import registers as desk_registers
from .desk import session as desk_session
from .desk import staff as desk_staff
from .pages import (
    auth,
    compare,
    jurisdiction,
    publication,
    rating,
    report,
    reports,
    upload,
)
from .render import templates
from .security import BodyLimit, CsrfCookie, SecurityHeaders, TokenGuard, verify_csrf
from .settings import WebSettings
from .throttle import Throttle
from .uploads import UploadQueue

PAGES: list[ModuleType] = [
    upload, reports, report, compare, jurisdiction, rating, auth,
    desk_staff, desk_case, desk_registers, desk_public, desk_catalogue, desk_session, desk_inbox,
    publication,
]

DESCRIPTION = """\
审核政府信息公开工作年度报告的网页和 JSON API (the reviewers' web app and its JSON API).

- Every error answers `{"error": {"status", "code", "message", "details"}}`.
- POST requests must send the `zfxxgk_csrf` cookie's value back in an `X-CSRF-Token` header
  (`GET /api/csrf` returns it), unless they are authenticated with a token header.
- When the server runs with `--token`, send `Authorization: Bearer <token>` (or `X-Zfxxgk-Token`).
"""


def _docs(app: FastAPI) -> None:
    """Swagger UI from the package's own copy: the machines may be offline, and no page loads a CDN."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="zfxxgk API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},  # its badge would call an online validator
        )


def create_app(store: Store, settings: WebSettings | None = None, pages: list[ModuleType] | None = None) -> FastAPI:
    """The app over `store`; the upload worker starts and stops with the app's lifespan."""
    settings = settings or WebSettings()
    pages = PAGES if pages is None else pages
    uploads = UploadQueue(store, settings.spool_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        uploads.start()
        try:
            yield
        finally:
            uploads.stop()

    app = FastAPI(
        title="zfxxgk",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(verify_csrf)],
    )
    app.state.store = store
    app.state.settings = settings
    app.state.uploads = uploads
    app.state.throttle = Throttle()
    app.state.nav = [page.NAV for page in pages if getattr(page, "NAV", None)]
    app.state.templates = templates([__package__, *(getattr(page, "TEMPLATES", __package__) for page in pages)])
    errors.install(app)
    for page in pages:
        app.include_router(page.router)
    _docs(app)
    app.mount("/static", StaticFiles(directory=str(resources.files(__package__).joinpath("static"))), name="static")
    # The last added runs first: the Host header, hardening headers on every response, then the token, the size, CSRF.
    app.add_middleware(CsrfCookie, secure_cookies=settings.secure_cookies)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(TokenGuard, token=settings.token, engine=store.engine, secure_cookies=settings.secure_cookies)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    return app
