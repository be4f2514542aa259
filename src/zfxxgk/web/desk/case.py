"""One case at the desk: its steps and time limit, the buttons its state and the user's roles allow,
the answer, the letters, and the appeals about it. Personal data shows only on request (audited)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...desk import Status, actions, corrections, letters
from ...desk.vocab import appeal_kinds, appeal_results, outcomes
from ..ids import Id, IdFormOptional
from ..render import render
from .session import DeskDep, StaffDep, refusals

NAV = None
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Note = Annotated[str, Form(max_length=2000)]
Fact = Annotated[str, Form(max_length=500)]
ANSWERABLE = (Status.PROCESSING, Status.CONSULTING)

router = APIRouter(include_in_schema=False)


def _back(case_id: Id) -> RedirectResponse:
    return RedirectResponse(f"/desk/cases/{case_id}", status_code=303)


@router.get("/desk/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, desk: DeskDep, actor: StaffDep, case_id: Id, reveal: bool = False) -> HTMLResponse:
    with refusals():
        case = desk.case(actor, case_id, reveal)
        appeals = [a for a in desk.appeals(actor, case.agency_id) if a.case_id == case_id]
        kinds = desk.letter_kinds(actor, case_id) if actor.may("letter", case.agency_id) else []
    context = {
        "actor": actor,
        "case": case,
        "actions": actions.available(case, actor),
        "may_answer": case.status in ANSWERABLE and not case.merged and actor.may("answer", case.agency_id),
        "may_reveal": not reveal and actor.may("personal", case.agency_id),
        "may_correct": actor.may("correct", case.agency_id),
        "may_merge": case.outcome is None and not case.merged and actor.may("answer", case.agency_id),
        "correctable": corrections.FIELDS,
        "may_appeal": case.outcome is not None and actor.may("appeal", case.agency_id),
        "outcomes": [o for o in outcomes() if not o.id.startswith("other.no_")],
        "letters": [(k, letters.label(k)) for k in kinds],
        "fields": letters.data()["fields"],
        "appeals": appeals,
        "appeal_kinds": appeal_kinds(),
        "appeal_results": [r for r in appeal_results() if r.id != "pending"],
        "today": date.today().isoformat(),
    }
    return render(request, "desk_case.html", context)


@router.post("/desk/cases/{case_id}/step")
def take_step(
    desk: DeskDep,
    actor: StaffDep,
    case_id: Id,
    action: Annotated[str, Form(max_length=40)],
    on: Annotated[date, Form()],
    days: Annotated[int | None, Form(ge=1, le=200)] = None,
    amount: Annotated[float | None, Form(gt=0)] = None,
    note: Note = "",
    delivered: Annotated[date | None, Form()] = None,
    force: Note = "",
    party: Fact = "",
    basis: Fact = "",
    quantity: Annotated[int | None, Form(ge=1)] = None,
    pay_how: Fact = "",
) -> Response:
    detail = {"party": party, "basis": basis, "quantity": quantity, "pay_how": pay_how}
    with refusals():
        desk.take_step(actor, case_id, action, on, days, amount, note or None, delivered, force or None, detail)
    return _back(case_id)


@router.post("/desk/cases/{case_id}/answer")
def answer(
    desk: DeskDep,
    actor: StaffDep,
    case_id: Id,
    outcome: Annotated[str, Form(max_length=60)],
    on: Annotated[date, Form()],
    text: Note = "",
    how: Fact = "",
    where: Fact = "",
    when: Fact = "",
    published: Fact = "",
    responsible: Fact = "",
    contact: Fact = "",
    earlier: Fact = "",
) -> Response:
    detail = {"how": how, "where": where, "when": when, "published": published, "responsible": responsible,
              "contact": contact, "earlier": earlier}
    with refusals():
        desk.answer(actor, case_id, outcome, text or None, on, detail)
    return _back(case_id)


def _docx(data: bytes, number: str, kind: str) -> Response:
    """A letter as a download named after its case and kind (`2025-0003答复书.docx`)."""
    filename = quote(f"{number}{letters.label(kind)}.docx")
    return Response(data, media_type=DOCX, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})


@router.get("/desk/cases/{case_id}/letter/{kind}")
def letter(desk: DeskDep, actor: StaffDep, case_id: Id, kind: str) -> Response:
    with refusals():
        data = desk.letter(actor, case_id, kind)
        number = desk.case(actor, case_id).number
    return _docx(data, number, kind)


@router.post("/desk/cases/{case_id}/correct")
def correct(
    desk: DeskDep,
    actor: StaffDep,
    case_id: Id,
    field: Annotated[str, Form(max_length=30)],
    value: Annotated[str, Form(max_length=60)],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
    step: Annotated[int | None, Form(ge=1)] = None,
) -> Response:
    """Put right a mistaken entry, with the reason (kept in the audit log)."""
    with refusals():
        desk.correct(actor, case_id, field, value, reason, step)
    return _back(case_id)


@router.post("/desk/cases/{case_id}/merge")
def merge(desk: DeskDep, actor: StaffDep, case_id: Id, into: Annotated[str, Form(max_length=40)]) -> Response:
    """合并办理: answer this request with the one numbered `into`."""
    with refusals():
        case = desk.case(actor, case_id)
        desk.merge(actor, case_id, desk.find(actor, into.strip(), case.agency_id).id)
    return _back(case_id)


@router.post("/desk/cases/{case_id}/receipt")
def receipt(desk: DeskDep, actor: StaffDep, case_id: Id, code: Annotated[str, Form(max_length=20)]) -> Response:
    """The 登记回执 with the query code, printed at registration (the code is known only then)."""
    with refusals():
        number = desk.case(actor, case_id).number
        desk.lookup(number, code)  # the code must be this case's: the receipt never prints a wrong one
        data = desk.letter(actor, case_id, "receipt", code)
    return _docx(data, number, "receipt")


@router.post("/desk/cases/{case_id}/appeal")
def record_appeal(
    desk: DeskDep,
    actor: StaffDep,
    case_id: Id,
    kind: Annotated[str, Form(max_length=30)],
    filed: Annotated[date, Form()],
    body: Annotated[str, Form(max_length=200)] = "",
    review: IdFormOptional = None,
) -> Response:
    with refusals():
        desk.record_appeal(actor, case_id, kind, filed, body or None, review)
    return _back(case_id)


@router.post("/desk/appeals/{appeal_id}/decide")
def decide_appeal(
    desk: DeskDep,
    actor: StaffDep,
    appeal_id: Id,
    result: Annotated[str, Form(max_length=20)],
    on: Annotated[date, Form()],
) -> Response:
    with refusals():
        decided = desk.decide_appeal(actor, appeal_id, result, on)
    return _back(decided.case_id)
