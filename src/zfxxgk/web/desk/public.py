"""The public side of the desk: apply for information online, follow the case, browse the catalogue.

The application form asks for what 条例 第二十九条 requires — name, proof of identity, contact details, a
description of the information, the form wanted — checks the ID number or credit code and the phone by
their standards, and puts the request in the desk's inbox with a receipt number and a secret code (a
registrar accepts it as a case or sets it aside: nothing posted here is counted until then). The status
page shows, for that number and code, where it stands and nothing about anyone. One client may post
these forms only a few times a minute (`throttle`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse

from ...desk import Application
from ...desk.inbox import is_receipt
from ...desk.validate import credit_code_ok, id_card_ok, phone_ok
from ...desk.vocab import applicant_kinds
from ..ids import IdForm
from ..render import render
from ..throttle import client_of
from .session import DeskDep, refusals

NAV = ("/apply", "申请公开")

FORMS = ("纸质", "电子")
DELIVERIES = ("邮寄", "电子邮件", "当面领取", "网上查看")
Short = Annotated[str, Form(max_length=200)]

TOO_OFTEN = "提交过于频繁，请稍后再试"

router = APIRouter(include_in_schema=False)


def _identity_problems(kind: str, id_number: str, phone: str) -> list[str]:
    """A natural person's ID number (GB 11643), an organisation's credit code (GB 32100), a real phone."""
    found = []
    if id_number.strip():
        if kind == "natural" and not id_card_ok(id_number):
            found.append("身份证号码无效（请填写18位居民身份证号码）")
        elif kind != "natural" and not credit_code_ok(id_number):
            found.append("统一社会信用代码无效（请填写18位代码）")
    if phone.strip() and not phone_ok(phone):
        found.append("联系电话无效（手机号码，或带区号的固定电话）")
    return found


def _form(request: Request, desk: DeskDep, problems: list[str] | None = None, values: dict[str, str] | None = None) -> HTMLResponse:
    context = {
        "agencies": desk.agencies(staffed=True),
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
    if not request.app.state.throttle.public_form("apply", client_of(request)):
        raise HTTPException(429, TOO_OFTEN)
    application = Application(kind, name, description, id_number=id_number, phone=phone, address=address, email=email, form=form, delivery=delivery)
    if problems := application.problems() + _identity_problems(kind, id_number, phone):
        values = {"agency": str(agency), "kind": kind, "name": name, "description": description, "phone": phone,
                  "address": address, "email": email, "form": form, "delivery": delivery}
        return _form(request, desk, problems, values)
    with refusals():
        made = desk.file_online(agency, application, date.today())
        agency_name = desk.agency_name(agency)
    return render(request, "desk_applied.html", {"made": made, "agency": agency_name})


@router.get("/apply/status", response_class=HTMLResponse)
def status_page(request: Request) -> HTMLResponse:
    return render(request, "desk_status.html", {"status": None, "number": ""})


@router.post("/apply/status", response_class=HTMLResponse)
def status(request: Request, desk: DeskDep, number: Short, code: Short) -> HTMLResponse:
    if not request.app.state.throttle.public_form("status", client_of(request)):
        raise HTTPException(429, TOO_OFTEN)
    with refusals():
        found = desk.lookup_submission(number, code) if is_receipt(number) else desk.lookup(number, code)
    return render(request, "desk_status.html", {"status": found, "number": number})
