"""The public side of the desk: apply for information online, follow the case, browse the catalogue.

The application form asks for what 条例 第二十九条 requires — name, proof of identity, contact details, a
description of the information, the form wanted — and answers with the case number and a secret code;
the status page shows, for that number and code, where the case stands and nothing about anyone.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from ...desk import Application
from ...desk.vocab import applicant_kinds
from ..ids import IdForm
from ..render import render
from .session import DeskDep, refusals

NAV = ("/apply", "申请公开")

FORMS = ("纸质", "电子")
DELIVERIES = ("邮寄", "电子邮件", "当面领取", "网上查看")
Short = Annotated[str, Form(max_length=200)]

router = APIRouter(include_in_schema=False)


def _form(request: Request, desk: DeskDep, problems: list[str] | None = None, values: dict[str, str] | None = None) -> HTMLResponse:
    context = {
        "agencies": desk.agencies(),
        "kinds": applicant_kinds(),
        "forms": FORMS,
        "deliveries": DELIVERIES,
        "problems": problems or [],
        "values": values or {},
    }
    return render(request, "desk_apply.html", context, status_code=400 if problems else 200)


@router.get("/apply", response_class=HTMLResponse)
def apply_page(request: Request, desk: DeskDep) -> HTMLResponse:
    return _form(request, desk)


@router.post("/apply", response_class=HTMLResponse)
def apply(
    request: Request,
    desk: DeskDep,
    agency: IdForm,
    kind: Short,
    name: Short,
    description: Annotated[str, Form(max_length=4000)],
    id_number: Short = "",
    phone: Short = "",
    address: Short = "",
    email: Short = "",
    form: Short = "",
    delivery: Short = "",
) -> HTMLResponse:
    application = Application(kind, name, description, id_number=id_number, phone=phone, address=address, email=email, form=form, delivery=delivery)
    if problems := application.problems():
        values = {"agency": str(agency), "kind": kind, "name": name, "description": description, "phone": phone,
                  "address": address, "email": email, "form": form, "delivery": delivery}
        return _form(request, desk, problems, values)
    with refusals():
        made = desk.submit(agency, application, date.today())
        agency_name = desk.agency_name(agency)
    return render(request, "desk_applied.html", {"made": made, "agency": agency_name})


@router.get("/apply/status", response_class=HTMLResponse)
def status_page(request: Request) -> HTMLResponse:
    return render(request, "desk_status.html", {"status": None, "number": ""})


@router.post("/apply/status", response_class=HTMLResponse)
def status(request: Request, desk: DeskDep, number: Short, code: Short) -> HTMLResponse:
    with refusals():
        found = desk.lookup(number, code)
    return render(request, "desk_status.html", {"status": found, "number": number})
