"""The registers behind 表二 and the import of an old case register: documents issued and repealed,
the year's decision counts and fees, and spreadsheets (CSV or XLSX) of any of them."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...desk.publications import DOCUMENT_KINDS, FIGURES
from ..ids import Id, IdQuery
from ..render import render
from .session import DeskDep, StaffDep, refusals
from .staff import agency_of

NAV = None
IMPORTS = {"cases": "依申请公开登记表", "documents": "规章和规范性文件", "figures": "表二年度数据"}

router = APIRouter(include_in_schema=False)


def _back() -> RedirectResponse:
    return RedirectResponse("/desk/registers", status_code=303)


def _done(done: str) -> str:
    """`cases:12` (where an import redirects to) as the line the page shows."""
    what, _, count = done.partition(":")
    return f"{IMPORTS[what]} {count} 行" if what in IMPORTS and count.isdigit() else ""


@router.get("/desk/registers", response_class=HTMLResponse)
def registers(request: Request, desk: DeskDep, actor: StaffDep, agency: IdQuery = None, done: str = "") -> HTMLResponse:
    agency_id = agency_of(actor, agency)
    with refusals():
        documents = desk.catalogue(agency_id)
    context = {
        "actor": actor,
        "documents": documents,
        "kinds": DOCUMENT_KINDS,
        "figures": FIGURES,
        "imports": IMPORTS,
        "may_edit": actor.may("publication", agency_id),
        "remedy": desk.remedy(agency_id),
        "year": date.today().year,
        "done": _done(done),
    }
    return render(request, "desk_registers.html", context)


@router.post("/desk/registers/document")
def add_document(
    desk: DeskDep,
    actor: StaffDep,
    kind: Annotated[str, Form(max_length=20)],
    title: Annotated[str, Form(max_length=500)],
    issued: Annotated[date, Form()],
    number: Annotated[str, Form(max_length=100)] = "",
    url: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    with refusals():
        desk.add_document(actor, kind, title, issued, number or None, url=url or None)
    return _back()


@router.post("/desk/registers/remedy")
def remedy(
    desk: DeskDep,
    actor: StaffDep,
    review_body: Annotated[str, Form(max_length=200)],
    court: Annotated[str, Form(max_length=200)],
) -> Response:
    """The agency's 复议机关 and court, named in every letter that ends a case."""
    agency_id = agency_of(actor, None)
    if not actor.may("publication", agency_id):
        raise HTTPException(403, "无权修改本机关的复议机关和管辖法院")
    with refusals():
        desk.set_remedy(agency_id, review_body, court, by=actor.name)
    return _back()


@router.post("/desk/registers/repeal/{document_id}")
def repeal(desk: DeskDep, actor: StaffDep, document_id: Id, on: Annotated[date, Form()]) -> Response:
    with refusals():
        desk.repeal_document(actor, document_id, on)
    return _back()


@router.post("/desk/registers/figure")
def figure(
    desk: DeskDep,
    actor: StaffDep,
    year: Annotated[int, Form(ge=2000, le=2100)],
    item: Annotated[str, Form(max_length=30)],
    value: Annotated[float, Form(ge=0)],
) -> Response:
    with refusals():
        desk.set_figure(actor, year, item, value)
    return _back()


@router.post("/desk/registers/import")
def import_sheet(
    desk: DeskDep,
    actor: StaffDep,
    what: Annotated[str, Form(pattern="^(cases|documents|figures)$")],
    sheet: Annotated[UploadFile, File()],
) -> Response:
    """A plain `def`, so FastAPI runs it in its thread pool: reading a workbook never holds up the event
    loop (and with it every other request, the public form included)."""
    run = {"cases": desk.import_cases, "documents": desk.import_documents, "figures": desk.import_figures}[what]
    suffix = Path(sheet.filename or "").suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(sheet.file.read())
        with refusals():
            count = run(actor, path)
    return RedirectResponse(f"/desk/registers?done={what}:{count}", status_code=303)
