"""Registering requests, and showing them to each reader with only what that reader may see.

A request carries what 条例 第二十九条 requires: the applicant's name, proof of identity and contact
details, a description of the information sought, and the form wanted. Staff register letters, visits and
faxes; the public files online and receives a case number and a secret code to follow the case.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .clock import Clock, Status, Step, clock
from .errors import DeskError, NotFound
from .roles import Actor, mask, mask_address, mask_email
from .schema import CaseRow
from .vocab import Channel, applicant_kinds, outcomes, term

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 10
ONLINE_APPLICANT = "申请人（网上申请）"


@dataclass(slots=True)
class Application:
    """A request as filed; `received_on` is the day 第三十一条 sets for the channel (today if omitted)."""

    applicant_kind: str
    applicant_name: str
    description: str
    channel: Channel = Channel.ONLINE
    received_on: date | None = None
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    email: str | None = None
    form: str | None = None
    delivery: str | None = None

    def problems(self, complete: bool = True) -> list[str]:
        """What the request lacks. `complete` asks for everything 第二十九条 requires, as a new request
        must have; a request imported from an old register needs only what the annual tables count."""
        found: list[str] = []
        if self.applicant_kind not in {t.id for t in applicant_kinds()}:
            found.append(f"申请人类型无效：{self.applicant_kind}")
        if not self.applicant_name.strip():
            found.append("缺少申请人姓名或名称")
        if not self.description.strip():
            found.append("缺少所需政府信息的名称、文号或特征性描述")
        if complete and not (self.id_number or "").strip():
            found.append("缺少身份证明（身份证号码或统一社会信用代码）")
        if complete and not any((v or "").strip() for v in (self.phone, self.address, self.email)):
            found.append("缺少联系方式（电话、通信地址或电子邮箱）")
        return found


@dataclass(frozen=True, slots=True)
class Registered:
    """A new case: its number, its id, and the code the applicant looks it up with (shown once)."""

    case_id: int
    number: str
    secret: str


def _hash(number: str, secret: str) -> str:
    return hashlib.sha256(f"{number}:{secret.strip().upper()}".encode()).hexdigest()


def _next_number(session: Session, agency_id: int, year: int) -> str:
    """`2025-0007`: one more than the highest number of the year, imported numbers (`2025-031`) included."""
    prefix = f"{year}-"
    used = session.scalars(select(CaseRow.number).where(CaseRow.agency_id == agency_id, CaseRow.number.startswith(prefix)))
    highest = max((int(n[len(prefix):]) for n in used if n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1:04d}"


def create(
    session: Session,
    author: Actor | str,
    agency_id: int,
    application: Application,
    today: date,
    number: str | None = None,
    complete: bool = True,
) -> tuple[CaseRow, str]:
    """A new open case and its secret code; the caller has checked who may create it."""
    if problems := application.problems(complete):
        raise DeskError("；".join(problems))
    received = application.received_on or today
    number = number or _next_number(session, agency_id, received.year)
    if session.scalar(select(CaseRow.id).where(CaseRow.agency_id == agency_id, CaseRow.number == number)):
        raise DeskError(f"编号 {number} 已被使用")
    secret = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
    name = author if isinstance(author, str) else author.name
    case = CaseRow(
        agency_id=agency_id,
        number=number,
        secret_hash=_hash(number, secret),
        channel=application.channel.value,
        received_on=received,
        clock_start=received,
        applicant_kind=application.applicant_kind,
        applicant_name=application.applicant_name.strip(),
        id_number=_blank(application.id_number),
        phone=_blank(application.phone),
        address=_blank(application.address),
        email=_blank(application.email),
        description=application.description.strip(),
        form=_blank(application.form),
        delivery=_blank(application.delivery),
        created_by=name,
    )
    session.add(case)
    session.flush()
    audit.record(session, author, "register", agency_id, case.id, number=number, channel=case.channel, received_on=received)
    return case, secret


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def register(session: Session, actor: Actor, agency_id: int, application: Application, today: date) -> Registered:
    """A registrar's entry of a request received by letter, visit, fax or online."""
    actor.require("register", agency_id)
    case, secret = create(session, actor, agency_id, application, today)
    return Registered(case.id, case.number, secret)


def submit(session: Session, agency_id: int, application: Application, today: date) -> Registered:
    """A request filed on the public page: online, received on the day the system confirms it."""
    application.channel = Channel.ONLINE
    application.received_on = today
    case, secret = create(session, ONLINE_APPLICANT, agency_id, application, today)
    return Registered(case.id, case.number, secret)


def get(session: Session, actor: Actor, case_id: int, action: str = "view") -> CaseRow:
    """The case, if the actor may perform `action` on it; NotFound hides cases of other agencies."""
    case = session.get(CaseRow, case_id)
    if case is None or not actor.may("view", case.agency_id):
        raise NotFound(f"没有编号为 {case_id} 的案件")
    actor.require(action, case.agency_id)
    return case


def find(session: Session, actor: Actor, number: str, agency_id: int | None = None) -> CaseRow:
    """A case by its printed number, in the actor's agency (or the one named, for supervisors)."""
    agency = agency_id if agency_id is not None else actor.agency_id
    case = session.scalar(select(CaseRow).where(CaseRow.agency_id == agency, CaseRow.number == number))
    if case is None or not actor.may("view", case.agency_id):
        raise NotFound(f"没有编号为 {number} 的案件")
    return case


@dataclass(frozen=True, slots=True)
class StepView:
    kind: str
    label: str
    started_on: date
    due_on: date | None
    ended_on: date | None
    days: int | None
    amount: float | None
    note: str | None
    actor: str


@dataclass(frozen=True, slots=True)
class Personal:
    """The applicant's personal data, as given or masked."""

    name: str
    id_number: str | None
    phone: str | None
    address: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class CaseView:
    """A case as one reader may see it: personal fields masked unless `revealed`."""

    id: int
    agency_id: int
    agency: str
    number: str
    channel: str
    received_on: date
    applicant_kind: str
    personal: Personal
    description: str
    form: str | None
    delivery: str | None
    clock: Clock
    outcome: str | None
    outcome_label: str | None
    closed_on: date | None
    answer: str | None
    steps: list[StepView] = field(default_factory=list)
    revealed: bool = False

    @property
    def status(self) -> Status:
        return self.clock.status


def _mask_name(case: CaseRow) -> str:
    """A natural person's name keeps its surname; an organisation's name is not personal data."""
    if case.applicant_kind != "natural":
        return case.applicant_name
    return case.applicant_name[:1] + "*" * max(len(case.applicant_name) - 1, 1)


def personal(case: CaseRow, revealed: bool) -> Personal:
    if revealed:
        return Personal(case.applicant_name, case.id_number, case.phone, case.address, case.email)
    return Personal(
        _mask_name(case), mask(case.id_number, 4, 4), mask(case.phone), mask_address(case.address), mask_email(case.email)
    )


def view(case: CaseRow, revealed: bool = False) -> CaseView:
    outcome = term(outcomes(), case.outcome) if case.outcome else None
    return CaseView(
        id=case.id,
        agency_id=case.agency_id,
        agency=case.agency.name,
        number=case.number,
        channel=Channel(case.channel).label,
        received_on=case.received_on,
        applicant_kind=term(applicant_kinds(), case.applicant_kind).label,
        personal=personal(case, revealed),
        description=case.description,
        form=case.form,
        delivery=case.delivery,
        clock=clock(case),
        outcome=case.outcome,
        outcome_label=outcome.full_label if outcome else None,
        closed_on=case.closed_on,
        answer=case.answer,
        steps=[
            StepView(s.kind, Step(s.kind).label, s.started_on, s.due_on, s.ended_on, s.days, s.amount, s.note, s.actor)
            for s in case.steps
        ],
        revealed=revealed,
    )


def show(session: Session, actor: Actor, case_id: int, reveal: bool = False) -> CaseView:
    """The case for a desk page; `reveal` shows personal data to those who need it, and is audited."""
    case = get(session, actor, case_id, "personal" if reveal else "view")
    if reveal:
        audit.record(session, actor, "personal.view", case.agency_id, case.id)
    return view(case, revealed=reveal)


@dataclass(frozen=True, slots=True)
class PublicStatus:
    """What an applicant sees with number and code: where the case stands, never anyone's data."""

    number: str
    agency: str
    received_on: date
    status: str
    answer_due: date | None
    closed_on: date | None
    outcome: str | None


def lookup(session: Session, number: str, secret: str) -> PublicStatus:
    """The status of a case by number and secret code; NotFound whether the number or the code is wrong."""
    wanted = _hash(number.strip(), secret)
    for case in session.scalars(select(CaseRow).where(CaseRow.number == number.strip())):
        if hmac.compare_digest(case.secret_hash, wanted):
            return public_status(case)
    raise NotFound("编号或查询码不正确")


def public_status(case: CaseRow) -> PublicStatus:
    """What the applicant may see of a case."""
    state = clock(case)
    outcome = term(outcomes(), case.outcome).full_label if case.outcome else None
    return PublicStatus(case.number, case.agency.name, case.received_on, state.status.label, state.answer_due, case.closed_on, outcome)
