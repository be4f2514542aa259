"""Sign-ins, sign-outs, failed sign-ins and refused (403) requests, written to the desk's audit log.

One log for everything that says who did what (`Desk.audit_log`, the `desk_audit` table): the desk's own
changes are there already, and an operator looking into an incident reads one place. Each entry names
the client address and the path; never a password, a token or a session value.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from ..desk import audit
from . import sessions
from .throttle import client_of


def who(request: Request) -> str:
    """Whom a refusal is recorded under: the desk user of a live desk session, else whoever the request
    was authenticated as (a reviewer, the token, the local user), else 匿名."""
    signed = sessions.resume(request.app.state.store.engine, request.cookies.get(sessions.DESK_COOKIE), "desk")
    if signed is not None and signed.user:
        return signed.user
    return getattr(request.state, "who", None) or "匿名"


def record(request: Request, who: str, action: str, agency_id: int | None = None, **detail: Any) -> None:
    with Session(request.app.state.store.engine) as session, session.begin():
        audit.record(session, who, action, agency_id, client=client_of(request), path=request.url.path, **detail)
