"""The inbox of online submissions: a form filed on the public page is not a case until a registrar says so.

Anyone can post the public form, so what arrives there is not counted anywhere yet: each submission waits
in `desk_submissions` with a receipt number and a secret code for the sender. A registrar then either
accepts it — it becomes a case received on the day it was submitted, as 条例第三十一条 sets for requests
filed online, and the annual tables count it from then on — or sets it aside as no request (spam, a
duplicate, not about government information) with a reason. Both are written to the audit log; a set-aside
submission never reaches 表三. The sender follows either with the receipt number and code.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..store.schema import Agency, Base, utcnow
from . import audit, cases
from .cases import _CODE_ALPHABET, CODE_LENGTH, Application, Personal, PublicStatus, Registered, _hash
from .errors import DeskError, NotFound
from .roles import Actor
from .schema import CaseRow
from .vocab import Channel, applicant_kinds, term

PENDING, ACCEPTED, SET_ASIDE = "pending", "accepted", "set_aside"
# Why a submission is not a request: the reasons a registrar picks from (with a note of their own).
SET_ASIDE_REASONS = {"spam": "垃圾信息或无意义内容", "duplicate": "重复提交", "not_request": "不属于政府信息公开申请"}
STATUS_LABELS = {PENDING: "已提交，待登记", SET_ASIDE: "未作为政府信息公开申请受理"}


class SubmissionRow(Base):
    """A form filed on the public page, as sent; `case_id` once accepted, `reason` once set aside."""

    __tablename__ = "desk_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    submitted_on: Mapped[date] = mapped_column(Date)
    application: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("desk_cases.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    agency: Mapped[Agency] = relationship()
    case: Mapped[CaseRow | None] = relationship()


@dataclass(frozen=True, slots=True)
class SubmissionView:
    """A pending submission as a registrar sees it: personal data masked."""

    id: int
    number: str
    submitted_on: date
    applicant_kind: str
    personal: Personal
    description: str


def _application(row: SubmissionRow) -> Application:
    fields = dict(row.application)
    return Application(**fields | {"channel": Channel.ONLINE, "received_on": row.submitted_on})


def _next_number(session: Session, year: int) -> str:
    """`W2025-000001`: the W keeps receipts apart from case numbers (`2025-0001`)."""
    prefix = f"W{year}-"
    count = session.scalar(select(func.count()).select_from(SubmissionRow).where(SubmissionRow.number.like(f"{prefix}%"))) or 0
    return f"{prefix}{count + 1:06d}"


def submit(session: Session, agency_id: int, application: Application, today: date) -> Registered:
    """File a form from the public page; the sender gets the receipt number and the secret code."""
    if problems := application.problems():
        raise DeskError("；".join(problems))
    number = _next_number(session, today.year)
    secret = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
    kept = {k: v for k, v in asdict(application).items() if k not in ("channel", "received_on")}
    row = SubmissionRow(agency_id=agency_id, number=number, secret_hash=_hash(number, secret), submitted_on=today, application=kept)
    session.add(row)
    session.flush()
    return Registered(row.id, number, secret)


def pending(session: Session, actor: Actor, agency_id: int) -> list[SubmissionView]:
    """The agency's submissions waiting for a registrar, oldest first."""
    actor.require("register", agency_id)
    query = select(SubmissionRow).where(SubmissionRow.agency_id == agency_id, SubmissionRow.status == PENDING).order_by(SubmissionRow.id)
    views = []
    for row in session.scalars(query):
        app = _application(row)
        shown = CaseRow(
            applicant_kind=app.applicant_kind, applicant_name=app.applicant_name, id_number=app.id_number,
            phone=app.phone, address=app.address, email=app.email,
        )
        kind = term(applicant_kinds(), app.applicant_kind).label
        views.append(SubmissionView(row.id, row.number, row.submitted_on, kind, cases.personal(shown, False), app.description))
    return views


def _pending_row(session: Session, actor: Actor, submission_id: int) -> SubmissionRow:
    row = session.get(SubmissionRow, submission_id)
    if row is None or not actor.may("view", row.agency_id):
        raise NotFound(f"没有编号为 {submission_id} 的网上申请")
    actor.require("register", row.agency_id)
    if row.status != PENDING:
        raise DeskError(f"网上申请 {row.number} 已处理")
    return row


def accept(session: Session, actor: Actor, submission_id: int, today: date) -> Registered:
    """The submission becomes a case, received on the day it was submitted (第三十一条)."""
    row = _pending_row(session, actor, submission_id)
    made = cases.register(session, actor, row.agency_id, _application(row), today)
    row.status, row.case_id, row.decided_by = ACCEPTED, made.case_id, actor.name
    audit.record(session, actor, "submission.accept", row.agency_id, made.case_id, submission=row.number)
    return made


def set_aside(session: Session, actor: Actor, submission_id: int, why: str, note: str | None = None) -> None:
    """Not a request: kept with the reason, audited, and never counted in the annual tables."""
    if why not in SET_ASIDE_REASONS:
        raise DeskError(f"不予登记的理由无效：{why}")
    row = _pending_row(session, actor, submission_id)
    row.status, row.decided_by = SET_ASIDE, actor.name
    row.reason = SET_ASIDE_REASONS[why] + (f"：{note.strip()}" if note and note.strip() else "")
    audit.record(session, actor, "submission.set_aside", row.agency_id, submission=row.number, reason=row.reason)


def lookup(session: Session, number: str, secret: str) -> PublicStatus:
    """Where a submission stands, by receipt number and code: waiting, set aside (with the reason), or
    the case it became; NotFound whether the number or the code is wrong."""
    row = session.scalar(select(SubmissionRow).where(SubmissionRow.number == number.strip()))
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(number.strip(), secret)):
        raise NotFound("编号或查询码不正确")
    if row.case is not None:
        return cases.public_status(row.case)
    return PublicStatus(row.number, row.agency.name, row.submitted_on, STATUS_LABELS[row.status], None, None, row.reason)


def is_receipt(number: str) -> bool:
    return number.strip().upper().startswith("W")


__all__ = ["SET_ASIDE_REASONS", "SubmissionRow", "SubmissionView", "accept", "is_receipt", "lookup", "pending", "set_aside", "submit"]
