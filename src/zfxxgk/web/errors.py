"""One error shape for the whole JSON API, and the same errors as pages for people.

Every failure under `/api/` — a missing report, a bad parameter, a rejected token, a body too large, a
bug — answers `{"error": {"status", "code", "message", "details"}}`, so API clients handle errors in one
place (datasette's lesson). Page requests get the same message in an HTML page.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..reasons import in_chinese
from ..store import StoreError
from . import auditing
from .render import render

API_PREFIX = "/api/"

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "internal",
}

MESSAGES = {
    400: "请求有误",
    401: "需要访问令牌",
    403: "禁止访问",
    404: "未找到",
    405: "不支持该请求方法",
    413: "上传内容过大",
    422: "参数有误",
    429: "请求过于频繁",
    500: "服务器内部错误",
}


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    """The body of every non-2xx API response."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": HTTPStatus(status).phrase} for status in (400, 401, 403, 404, 413, 422)
}


def error_payload(status: int, message: str | None = None, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body = ErrorDetail(
        status=status,
        code=CODES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_")),
        message=message or MESSAGES.get(status, HTTPStatus(status).phrase),
        details=details,
    )
    return ErrorBody(error=body).model_dump()


def api_error(status: int, message: str | None = None, details: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_payload(status, message, details), status_code=status, headers=headers)


def is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX) or request.url.path == API_PREFIX.rstrip("/")


def respond(request: Request, status: int, message: str | None = None, details: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> Response:
    """The error as JSON for the API, as a page otherwise."""
    if is_api(request):
        return api_error(status, message, details, headers)
    text = message or MESSAGES.get(status, HTTPStatus(status).phrase)
    response = render(request, "error.html", {"status": status, "message": text}, status_code=status)
    response.headers.update(headers or {})
    return response


def _message(detail: Any, status: int) -> str | None:
    if isinstance(detail, str) and detail != HTTPStatus(status).phrase:
        return detail
    return None


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 403:  # a refused attempt (CSRF, a role that may not act) is on record with who tried
        who = await run_in_threadpool(auditing.who, request)
        await run_in_threadpool(auditing.record, request, who, "refused", method=request.method, reason=_message(exc.detail, 403))
    return respond(request, exc.status_code, _message(exc.detail, exc.status_code), headers=getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
    where = "；".join(f"{'.'.join(str(p) for p in d['loc'][1:]) or d['loc'][0]}：{d['msg']}" for d in details)
    return respond(request, 422, f"参数有误：{where}" if where else None, details)


async def _store_error(request: Request, exc: StoreError) -> Response:
    """The store refused a request (a bad value, an unknown sort); lookups of missing rows are 404s raised
    by the pages themselves."""
    return respond(request, 400, in_chinese(str(exc)))


async def _internal_error(request: Request, exc: Exception) -> Response:
    return respond(request, 500)


def install(app: FastAPI) -> None:
    """Route every error the app can raise through `respond`."""
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _store_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal_error)


def not_found(message: str) -> HTTPException:
    return HTTPException(404, message)


__all__ = ["API_PREFIX", "ERROR_RESPONSES", "ErrorBody", "api_error", "error_payload", "install", "is_api", "not_found", "respond"]
