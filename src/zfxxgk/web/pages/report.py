"""Report page: the original beside the tables in the official layout; findings, provenance, corrections."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...model import Report
from ...store import Store, StoredReport, StoreError
from .. import queries
from ..cells import report_views
from ..deps import get_store
from ..errors import ERROR_RESPONSES, not_found
from ..ids import Id
from ..layout import grids
from ..original import original_view, page_png
from ...reasons import in_chinese
from ..render import SEVERITY_ORDER, is_htmx, render
from ..schemas import CorrectionIn, ReportDetail, ReportItem
from ..uploads import safe_name

NAV = None
IMMUTABLE = "private, max-age=86400, immutable"

router = APIRouter()
api = APIRouter(prefix="/api/reports", tags=["reports"], responses=ERROR_RESPONSES)

StoreDep = Annotated[Store, Depends(get_store)]


def _stored(store: Store, report_id: Id) -> StoredReport:
    try:
        return store.get_report(report_id)
    except StoreError as exc:
        raise not_found(f"没有编号为 {report_id} 的报告") from exc


def _findings(report: Report) -> list[dict[str, Any]]:
    ordered = sorted(report.findings, key=lambda f: SEVERITY_ORDER[f.severity.value])
    return [f.to_json() for f in ordered]


def detail(store: Store, stored: StoredReport) -> ReportDetail:
    counts = queries.severity_counts(store, [stored.info.id])[stored.info.id]
    return ReportDetail(
        info=ReportItem.of(stored.info, counts),
        report=stored.report.to_json(),
        corrections=stored.corrections,
        history=stored.history,
    )


def _main_context(stored: StoredReport, error: str | None = None) -> dict[str, Any]:
    """What the right-hand side shows; re-rendered alone after a correction."""
    report = stored.report
    return {
        "info": stored.info,
        "report": report,
        "grids": grids(report.meta.template),
        "cells": report_views(report, stored.corrections),
        "findings": _findings(report),
        "corrections": list(reversed(stored.corrections)),
        "error": error,
    }


@router.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
def report_page(request: Request, report_id: Id, store: StoreDep) -> HTMLResponse:
    stored = _stored(store, report_id)
    source = stored.report.source
    context = _main_context(stored) | {"original": original_view(stored.original, source.format, source.encoding)}
    return render(request, "report.html", context)


@router.post("/reports/{report_id}/corrections", response_class=HTMLResponse, include_in_schema=False)
def correct_form(
    request: Request,
    report_id: Id,
    store: StoreDep,
    cell: Annotated[str, Form(max_length=80)],
    reason: Annotated[str, Form(max_length=2000)] = "",
    value: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """The correction form: the checks re-run and the tables and findings come back as a fragment."""
    _stored(store, report_id)
    error = None
    try:
        store.correct(report_id, cell, value, reason, request.state.who)
    except StoreError as exc:
        error = in_chinese(str(exc))
    if not is_htmx(request):
        return RedirectResponse(f"/reports/{report_id}", status_code=303)
    return render(request, "report_main.html", _main_context(_stored(store, report_id), error))


@router.get("/reports/{report_id}/original", include_in_schema=False)
@api.get("/{report_id}/original", summary="The original file as uploaded", response_class=Response)
def original_file(report_id: Id, store: StoreDep) -> Response:
    stored = _stored(store, report_id)
    name = safe_name(stored.info.path)
    disposition = f"attachment; filename=\"{stored.info.sha256[:16]}\"; filename*=UTF-8''{quote(name)}"
    return Response(stored.original, media_type="application/octet-stream", headers={"content-disposition": disposition})


@router.get("/reports/{report_id}/pages/{page}.png", include_in_schema=False)
def page_image(report_id: Id, page: Id, store: StoreDep) -> Response:
    stored = _stored(store, report_id)
    if stored.report.source.format != "pdf":
        raise not_found("该报告不是 PDF")
    try:
        png = page_png(stored.original, page)
    except (IndexError, ImportError) as exc:
        raise not_found(f"没有第 {page} 页") from exc
    return Response(png, media_type="image/png", headers={"cache-control": IMMUTABLE})


@api.get("/{report_id}", response_model=ReportDetail, summary="One report: cells, provenance, findings, corrections")
def report_api(report_id: Id, store: StoreDep) -> ReportDetail:
    return detail(store, _stored(store, report_id))


@api.post("/{report_id}/corrections", response_model=ReportDetail, summary="Correct one cell; the checks re-run")
def correct_api(request: Request, report_id: Id, body: CorrectionIn, store: StoreDep) -> ReportDetail:
    """The printed value is kept beside the correction; the response is the re-checked report. The author
    is who is signed in (a reviewer's name; `令牌` for the shared token), never a name the client sends."""
    _stored(store, report_id)
    store.correct(report_id, body.cell, body.value, body.reason, request.state.who)
    return detail(store, _stored(store, report_id))


router.include_router(api)
