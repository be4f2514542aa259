"""The public 政府信息公开目录: an agency's published documents, searchable by words of title or number."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...desk.publications import DOCUMENT_KINDS
from ..ids import IdQuery
from ..render import render
from .session import DeskDep, refusals

NAV = ("/catalogue", "公开目录")

router = APIRouter(include_in_schema=False)


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue(request: Request, desk: DeskDep, agency: IdQuery = None, q: str = "", kind: str = "") -> HTMLResponse:
    agencies = desk.agencies(staffed=True)
    chosen = agency if agency is not None else (agencies[0][0] if agencies else None)
    with refusals():
        documents = desk.catalogue(chosen, q, kind or None) if chosen is not None else []
    context = {"agencies": agencies, "agency": chosen, "q": q, "kind": kind, "kinds": DOCUMENT_KINDS, "documents": documents}
    return render(request, "desk_catalogue.html", context)
