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
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .calendar import working_days_between
from .clock import PERIODS, Clock, Status, Step, answer_due, clock, in_time
from .errors import DeskError, NotFound
from .roles import Actor, mask, mask_address, mask_email
from .schema import CaseRow
from .validate import credit_code_ok, id_card_ok, phone_ok
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
        if complete:
            found += self._numbers()
        return found

    def _numbers(self) -> list[str]:
        """A number that looks like an ID card number or a credit code must be one (its check digit
        right); other papers (passport, 港澳台 permits) are taken as typed. A phone must be a real one."""
        found = []
        number = (self.id_number or "").strip().upper()
        if self.applicant_kind == "natural" and number and number.rstrip("X").isdigit() and not id_card_ok(number):
            found.append(f"身份证号码 {number} 无效（位数、出生日期或校验码不符合 GB 11643）")
        if self.applicant_kind != "natural" and len(number) == 18 and not credit_code_ok(number):
            found.append(f"统一社会信用代码 {number} 无效（校验码不符合 GB 32100）")
        if (self.phone or "").strip() and not phone_ok(self.phone or ""):
            found.append(f"联系电话 {self.phone} 无效")
        return found


@dataclass(frozen=True, slots=True)
class Registered:
    """A new case: its number, its id, and the code the applicant looks it up with (shown once)."""

    case_id: int
    number: str
    secret: str
    answer_due: date | None = None
    duplicates: tuple[str, ...] = ()  # open or answered requests of the same applicant for the same information


def _hash(number: str, secret: str) -> str:
    return hashlib.sha256(f"{number}:{secret.strip().upper()}".encode()).hexdigest()


def _next_number(session: Session, agency_id: int, year: int) -> str:
    """`2025-0007`: one more than the highest number of the year, in the width that year's numbers have —
    an imported register's `2025-031` is followed by `2025-032`, never by a `2025-0032` beside it."""
    prefix = f"{year}-"
    used = session.scalars(select(CaseRow.number).where(CaseRow.agency_id == agency_id, CaseRow.number.startswith(prefix)))
    serials = [n[len(prefix):] for n in used if n[len(prefix):].isdigit()]
    highest = max(serials, key=int, default="0000")
    return f"{prefix}{int(highest) + 1:0{len(highest)}d}"


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
    if complete and received > today:
        raise DeskError(f"收到申请之日 {received} 晚于今天 {today}")
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


def _same(text: str | None) -> str:
    return "".join(ch for ch in (text or "") if ch.isalnum()).upper()


def duplicates(session: Session, case: CaseRow) -> list[CaseRow]:
    """Earlier requests (not withdrawn) of the same applicant — same name and same ID number — for the
    same information: candidates for 合并办理 or an answer as 重复申请 (条例 第三十六条第（六）项)."""
    rows = session.scalars(
        select(CaseRow).where(
            CaseRow.agency_id == case.agency_id, CaseRow.id != case.id, CaseRow.applicant_name == case.applicant_name
        )
    )
    return [
        r for r in rows
        if _same(r.id_number) == _same(case.id_number) and _same(r.description) == _same(case.description)
        and not any(s.kind == Step.WITHDRAWAL for s in r.steps)
    ]


def _registered(session: Session, case: CaseRow, secret: str) -> Registered:
    same = tuple(r.number for r in duplicates(session, case))
    if same:
        audit.record(session, case.created_by, "duplicate.flagged", case.agency_id, case.id, of=list(same))
    return Registered(case.id, case.number, secret, answer_due(case), same)


def register(session: Session, actor: Actor, agency_id: int, application: Application, today: date) -> Registered:
    """A registrar's entry of a request received by letter, visit, fax or online."""
    actor.require("register", agency_id)
    case, secret = create(session, actor, agency_id, application, today)
    return _registered(session, case, secret)


def submit(session: Session, agency_id: int, application: Application, today: date) -> Registered:
    """A request filed on the public page: online, received on the day the system confirms it."""
    application.channel = Channel.ONLINE
    application.received_on = today
    case, secret = create(session, ONLINE_APPLICANT, agency_id, application, today)
    return _registered(session, case, secret)


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
    delivered_on: date | None = None
    reply: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


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
    detail: dict[str, Any] = field(default_factory=dict)
    flags: tuple[str, ...] = ()  # what a reviewer must notice: a late answer, a step forced after the limit, …
    merged: bool = False  # 合并办理: answered with the request it was merged into

    @property
    def status(self) -> Status:
        return self.clock.status

    @property
    def late(self) -> bool:
        """Answered after the limit."""
        return self.clock.late


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


def flags(case: CaseRow, state: Clock) -> tuple[str, ...]:
    """The warnings a case carries wherever it is shown, in Chinese."""
    out = []
    if state.late and case.closed_on is not None:
        out.append(f"逾期答复：期限 {answer_due(case)}，答复于 {case.closed_on}")
    for s in case.steps:
        if s.kind == Step.CORRECTION and working_days_between(case.received_on, s.started_on) > PERIODS.correction_notice:
            out.append(f"补正告知晚于收到申请后{PERIODS.correction_notice}个工作日（条例第三十条）：{s.started_on}")
        if not in_time(s):
            reason = (s.detail or {}).get("reason", "")
            out.append(f"期限届满后办理的{Step(s.kind).label}（{s.started_on}），不延长答复期限：{reason}")
    if case.merged_into_id is not None:
        out.append("已合并办理")
    return tuple(out)


def view(case: CaseRow, revealed: bool = False) -> CaseView:
    outcome = term(outcomes(), case.outcome) if case.outcome else None
    state = clock(case)
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
        clock=state,
        outcome=case.outcome,
        outcome_label=outcome.full_label if outcome else None,
        closed_on=case.closed_on,
        answer=case.answer,
        steps=[
            StepView(
                s.kind, Step(s.kind).label, s.started_on, s.due_on, s.ended_on, s.days, s.amount, s.note, s.actor,
                s.delivered_on, s.reply, dict(s.detail or {}),
            )
            for s in case.steps
        ],
        revealed=revealed,
        detail=dict(case.detail or {}),
        flags=flags(case, state),
        merged=case.merged_into_id is not None,
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
