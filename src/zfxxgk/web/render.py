"""Pages from Jinja2 templates, with what every page needs (navigation, CSRF secret, labels in Chinese).

Templates are looked up in the `templates/` folder of every package that contributes pages (see
`app.PAGES`), so another package's pages extend `base.html` like the built-in ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from . import sessions

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# Pages that draw their own header: the public's and the desk's.
OWN_HEADER = ("/apply", "/catalogue", "/desk")


def number(value: float | None) -> str:
    """A cell value as a reviewer reads it: integers plain, amounts without float noise, blank as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return str(value)


def environment(packages: Iterable[str]) -> Environment:
    loaders = [PackageLoader(package, "templates") for package in dict.fromkeys(packages)]
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = number
    env.globals["SEVERITY_LABELS"] = SEVERITY_LABELS
    return env


def templates(packages: Iterable[str]) -> Jinja2Templates:
    return Jinja2Templates(env=environment(packages))


def _reviewer(request: Request) -> dict[str, Any] | None:
    """Who uses the reviewers' pages, for the header (the desk's and the public's pages have their own)."""
    if request.url.path.startswith(OWN_HEADER):
        return None
    return {"who": getattr(request.state, "who", None), "signed_in": sessions.REVIEWER_COOKIE in request.cookies}


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    """Render a page (or, for an HTMX request naming a fragment template, just that fragment)."""
    state = request.app.state
    base = {"nav": state.nav, "csrf": getattr(request.state, "csrf", ""), "path": request.url.path, "reviewer": _reviewer(request)}
    return state.templates.TemplateResponse(request, name, base | (context or {}), status_code=status_code)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
