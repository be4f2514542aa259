"""The inbox of online submissions at the desk: a registrar accepts each as a case (received the day it
was submitted) or sets it aside as no request, with a reason. See `zfxxgk.desk.inbox`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...desk.inbox import SET_ASIDE_REASONS
from ..ids import Id, IdQuery
from ..render import render
from .session import DeskDep, StaffDep, refusals
from .staff import agency_of

NAV = None

router = APIRouter(include_in_schema=False)


@router.get("/desk/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, desk: DeskDep, actor: StaffDep, agency: IdQuery = None) -> HTMLResponse:
    agency_id = agency_of(actor, agency)
    with refusals():
        waiting = desk.inbox(actor, agency_id)
    return render(request, "desk_inbox.html", {"actor": actor, "waiting": waiting, "reasons": SET_ASIDE_REASONS})


@router.post("/desk/inbox/{submission_id}/accept")
def accept(desk: DeskDep, actor: StaffDep, submission_id: Id) -> Response:
    with refusals():
        made = desk.accept_submission(actor, submission_id, date.today())
    return RedirectResponse(f"/desk/cases/{made.case_id}", status_code=303)


@router.post("/desk/inbox/{submission_id}/set-aside")
def set_aside(
    desk: DeskDep,
    actor: StaffDep,
    submission_id: Id,
    why: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    with refusals():
        desk.set_aside_submission(actor, submission_id, why, note or None)
    return RedirectResponse("/desk/inbox", status_code=303)
