"""The desk for staff: work lists, registering a request, and the button that writes the annual report.

A supervisor chooses the agency (`?agency=ID`); everyone else works on their own. The report is counted
from the registers, checked, and sent as the DOCX or HTML of the standard format; a report that fails
the checks is refused with its findings, exactly as `zfxxgk report` refuses it.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from ...desk import Actor, Application, Channel
from ...desk.vocab import CHANNELS, applicant_kinds
from ...render import RenderRefused
from ..ids import IdFormOptional, IdQuery
from ..render import render
from .session import DeskDep, StaffDep, refusals

NAV = ("/desk", "依申请办理")
REPORT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "html": "text/html; charset=utf-8"}
Short = Annotated[str, Form(max_length=200)]

router = APIRouter(include_in_schema=False)


def agency_of(actor: Actor, agency: int | None) -> int:
    """The agency a page works on: the actor's own, or the one a supervisor chose."""
    chosen = actor.agency_id if agency is None else agency
    if chosen is None:
        raise HTTPException(400, "请选择机关")
    return chosen


@router.get("/desk", response_class=HTMLResponse)
def desk_home(request: Request, desk: DeskDep, actor: StaffDep, agency: IdQuery = None) -> HTMLResponse:
    agencies = desk.agencies()
    if agency is None and actor.agency_id is None:
        return render(request, "desk_home.html", {"actor": actor, "agencies": agencies, "agency": None})
    agency_id = agency_of(actor, agency)
    with refusals():
        lists = desk.due(actor, agency_id)
        this_year = desk.cases(actor, agency_id, date.today().year)
    context = {
        "actor": actor,
        "agencies": agencies,
        "agency": agency_id,
        "agency_name": dict(agencies).get(agency_id, ""),
        "lists": lists,
        "closed": [c for c in this_year if c.closed_on is not None],
        "year": date.today().year,
        "may_register": actor.may("register", agency_id),
    }
    return render(request, "desk_home.html", context)


@router.get("/desk/register", response_class=HTMLResponse)
def register_page(request: Request, actor: StaffDep) -> HTMLResponse:
    context = {"actor": actor, "kinds": applicant_kinds(), "channels": CHANNELS, "today": date.today().isoformat()}
    return render(request, "desk_register.html", context)


@router.post("/desk/register", response_class=HTMLResponse)
def register(
    request: Request,
    desk: DeskDep,
    actor: StaffDep,
    channel: Short,
    received: Annotated[date, Form()],
    kind: Short,
    name: Short,
    description: Annotated[str, Form(max_length=4000)],
    id_number: Short = "",
    phone: Short = "",
    address: Short = "",
    email: Short = "",
) -> HTMLResponse:
    with refusals():
        application = Application(kind, name, description, Channel(channel), received, id_number, phone, address, email)
        made = desk.register(actor, application)
        case = desk.case(actor, made.case_id)
    return render(request, "desk_registered.html", {"actor": actor, "made": made, "case": case})


@router.get("/desk/audit", response_class=HTMLResponse)
def audit_log(request: Request, desk: DeskDep, actor: StaffDep, agency: IdQuery = None, case: IdQuery = None) -> HTMLResponse:
    """Who changed or saw what: every state change and every view of personal data, newest first. A
    supervisor who names no agency sees the entries of none: sign-ins, sign-outs, refused requests."""
    with refusals():
        if agency is None and actor.agency_id is None:
            entries = desk.server_log(actor)
        else:
            entries = desk.audit_log(actor, agency_of(actor, agency), case)
    return render(request, "desk_audit.html", {"actor": actor, "entries": entries[::-1], "case": case})


@router.post("/desk/report")
def annual_report(
    request: Request,
    desk: DeskDep,
    actor: StaffDep,
    year: Annotated[int, Form(ge=2019, le=2100)],
    format: Annotated[str, Form(pattern="^(docx|html)$")] = "docx",
    agency: IdFormOptional = None,
) -> Response:
    agency_id = agency_of(actor, agency)
    with refusals(), tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"report.{format}"
        try:
            report = desk.write_report(actor, year, target, agency_id)
        except RenderRefused as refused:
            context = {"actor": actor, "year": year, "findings": refused.findings}
            return render(request, "desk_report_refused.html", context, status_code=409)
        data = target.read_bytes()
    filename = quote(f"{report.meta.agency}{year}年度政府信息公开工作年度报告.{format}")
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"}
    return Response(data, media_type=REPORT_TYPES[format], headers=headers)
