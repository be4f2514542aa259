"""The audit log: one row per state change and per view of personal data, written in the same
transaction as the change itself, so a change is never on record without its entry or the other way round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .roles import Actor
from .schema import AuditRow


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def record(
    session: Session, actor: Actor | str, action: str, agency_id: int | None, case_id: int | None = None, **detail: Any
) -> None:
    name = actor if isinstance(actor, str) else actor.name
    plain = {k: _plain(v) for k, v in detail.items() if v is not None}
    session.add(AuditRow(actor=name, action=action, agency_id=agency_id, case_id=case_id, detail=plain))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    case_id: int | None
    detail: dict[str, Any]


def entries(session: Session, agency_id: int | None = None, case_id: int | None = None) -> list[AuditEntry]:
    """The log, oldest first, for one agency or one case (everything when neither is given)."""
    query = select(AuditRow).order_by(AuditRow.id)
    if agency_id is not None:
        query = query.where(AuditRow.agency_id == agency_id)
    if case_id is not None:
        query = query.where(AuditRow.case_id == case_id)
    return [AuditEntry(r.at, r.actor, r.action, r.case_id, r.detail) for r in session.scalars(query)]


def unattached(session: Session) -> list[AuditEntry]:
    """Entries of no agency, oldest first: the web app's sign-ins, sign-outs and refused requests, failed
    sign-ins of unknown names."""
    query = select(AuditRow).where(AuditRow.agency_id.is_(None)).order_by(AuditRow.id)
    return [AuditEntry(r.at, r.actor, r.action, r.case_id, r.detail) for r in session.scalars(query)]
